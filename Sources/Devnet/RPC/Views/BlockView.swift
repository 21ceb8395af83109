import NearLightClient

/// The `block` result (nearcore's `BlockView`): author, header and the single chunk.
enum BlockView {
    static func json(_ header: BlockHeader, body: BlockBody, signature: Signature?, totalSupply: UInt128) -> JSONValue {
        let inner = header.innerLite
        let rest = header.innerRest
        let burnt = body.executions.reduce(UInt128(0)) { $0 &+ $1.tokensBurnt }
        let chunk: JSONValue = .object([
            "chunk_hash": .hash(CryptoHash.combine(rest.txRoot, header.hash)), "prev_block_hash": .hash(header.prevHash),
            "outcome_root": .hash(inner.outcomeRoot), "prev_state_root": .hash(inner.prevStateRoot),
            "encoded_merkle_root": .hash(rest.txRoot), "encoded_length": .unsigned(0),
            "height_created": .unsigned(inner.height), "height_included": .unsigned(inner.height), "shard_id": .unsigned(0),
            "gas_used": .unsigned(rest.gasUsed), "gas_limit": .unsigned(1_000_000_000_000_000),
            "rent_paid": .string("0"), "validator_reward": .string("0"), "balance_burnt": .u128(burnt),
            "outgoing_receipts_root": .hash(.zero), "tx_root": .hash(rest.txRoot), "validator_proposals": .array([]),
            "signature": signature.map { .string($0.description) } ?? .null,
        ])
        let headerJSON: JSONValue = .object([
            "height": .unsigned(inner.height), "prev_height": inner.height == 0 ? .null : .unsigned(inner.height - 1),
            "epoch_id": .hash(inner.epochId), "next_epoch_id": .hash(inner.nextEpochId), "hash": .hash(header.hash),
            "prev_hash": .hash(header.prevHash), "prev_state_root": .hash(inner.prevStateRoot),
            "chunk_receipts_root": .hash(.zero), "chunk_headers_root": .hash(rest.txRoot), "chunk_tx_root": .hash(rest.txRoot),
            "outcome_root": .hash(inner.outcomeRoot), "chunks_included": .unsigned(1), "challenges_root": .hash(.zero),
            "timestamp": .unsigned(inner.timestamp), "timestamp_nanosec": .string(String(inner.timestamp)),
            "random_value": .hash(CryptoHash.hash(header.hash.bytes)), "validator_proposals": .array([]),
            "chunk_mask": .array([.bool(true)]), "gas_price": .u128(rest.gasPrice), "block_ordinal": .unsigned(inner.height + 1),
            "rent_paid": .string("0"), "validator_reward": .string("0"), "total_supply": .u128(totalSupply),
            "challenges_result": .array([]), "last_final_block": .hash(.zero), "last_ds_final_block": .hash(header.prevHash),
            "next_bp_hash": .hash(inner.nextBpHash), "block_merkle_root": .hash(inner.blockMerkleRoot),
            "epoch_sync_data_hash": .null, "inner_rest_hash": .hash(header.innerRestHash),
            "approvals": .array(rest.approvals.map { $0.map { .string($0.description) } ?? .null }),
            "signature": signature.map { .string($0.description) } ?? .null, "latest_protocol_version": .unsigned(73),
        ])
        return .object(["author": .string(rest.producer), "header": headerJSON, "chunks": .array([chunk])])
    }
}
