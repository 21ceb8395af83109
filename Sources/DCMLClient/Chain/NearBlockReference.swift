import NearLightClient

/// Which block a read refers to, in NEAR's params forms: `{"finality": "final"}`,
/// `{"block_id": 123}` or `{"block_id": "<base58 hash>"}`.
public enum NearBlockReference: Hashable, Sendable {
    /// Final (the default for reads a client acts on: it cannot be reverted).
    case final
    /// The latest block the node has, which may still be reorganised away.
    case optimistic
    case height(UInt64)
    case hash(CryptoHash)

    var params: [String: JSONValue] {
        switch self {
        case .final: ["finality": .string("final")]
        case .optimistic: ["finality": .string("optimistic")]
        case .height(let height): ["block_id": .unsigned(height)]
        case .hash(let hash): ["block_id": .string(hash.base58)]
        }
    }
}

/// How long `tx` waits before answering (nearcore's `TxExecutionStatus`).
public enum TxWait: String, Sendable {
    /// Answer at once with what is known.
    case none = "NONE"
    /// Until every receipt has run, in blocks that may not be final yet.
    case executedOptimistic = "EXECUTED_OPTIMISTIC"
    /// Until every receipt has run in final blocks.
    case final = "FINAL"
}

/// Which outcome a light-client proof is for.
public enum OutcomeID: Hashable, Sendable {
    case transaction(hash: CryptoHash, senderId: String)
    case receipt(id: CryptoHash, receiverId: String)

    var params: [String: JSONValue] {
        switch self {
        case let .transaction(hash, sender):
            ["type": .string("transaction"), "transaction_hash": .string(hash.base58), "sender_id": .string(sender)]
        case let .receipt(id, receiver):
            ["type": .string("receipt"), "receipt_id": .string(id.base58), "receiver_id": .string(receiver)]
        }
    }

    /// The transaction hash or receipt id the outcome must carry.
    public var id: CryptoHash {
        switch self {
        case .transaction(let hash, _): hash
        case .receipt(let id, _): id
        }
    }
}
