import NearLightClient

/// Proves execution outcomes without trusting the RPC node: a NEAR light client that follows
/// the chain with `next_light_client_block` (each block validated by NearLightClient: producer
/// signatures over more than 2/3 of stake, epoch hand-over by next_bp_hash), then checks
/// `light_client_proof` results against the validated head's `block_merkle_root`.
///
/// Trust starts at one block the caller chooses: a saved light-client block (a checkpoint, e.g.
/// the last block of an epoch on NEAR testnet or mainnet), or — for a devnet only — the chain's
/// genesis as the RPC reports it (trust on first use).
public struct NearProver: Sendable {
    public let rpc: NearRPCClient
    public private(set) var state: LightClientState

    public init(rpc: NearRPCClient, state: LightClientState) {
        self.rpc = rpc
        self.state = state
    }

    /// Trusts `checkpoint` (e.g. a saved `next_light_client_block` result carrying next_bps);
    /// `currentBlockProducers` are needed when the chain's next final block is still in the
    /// checkpoint's own epoch.
    public init(rpc: NearRPCClient, trusting checkpoint: LightClientBlock, currentBlockProducers: [ValidatorStake]? = nil) {
        self.init(rpc: rpc, state: LightClientState(trusting: checkpoint, currentBlockProducers: currentBlockProducers))
    }

    /// Trusts block 0 and the current validators as the RPC reports them: for a devnet, whose
    /// producers never change. The genesis header is checked to hash to its stated hash.
    public static func trustingGenesis(rpc: NearRPCClient) async throws -> NearProver {
        let genesis = try await rpc.block(.height(0))
        guard let innerRestHash = genesis.innerRestHash else {
            throw NearProofError.untrustedHead("block 0 has no inner_rest_hash to recompute its hash; start from a saved light-client block instead")
        }
        let computed = LightClientBlockLite(prevBlockHash: genesis.prevHash, innerRestHash: innerRestHash, innerLite: genesis.innerLite).hash
        guard computed == genesis.hash else {
            throw NearProofError.untrustedHead("block 0's header hashes to \(computed), the node says \(genesis.hash)")
        }
        let producers = try await rpc.currentValidators()
        let inner = genesis.innerLite
        var known: [CryptoHash: [ValidatorStake]] = [:]
        known[inner.epochId] = producers
        known[inner.nextEpochId] = producers  // the same id as epochId at a devnet's genesis
        return NearProver(rpc: rpc, state: LightClientState(head: inner, headHash: genesis.hash, blockProducers: known))
    }

    /// Moves the head forward with `next_light_client_block` until the node has nothing newer,
    /// validating every block. Returns what each step established.
    @discardableResult
    public mutating func sync() async throws -> [BlockValidation] {
        var steps: [BlockValidation] = []
        while let block = try await rpc.nextLightClientBlock(after: state.headHash) {
            // Some nodes answer with the head itself when nothing is newer.
            guard block.innerLite.height > state.head.height else { break }
            do throws(LightClientError) {
                steps.append(try state.advance(to: block))
            } catch {
                throw NearProofError.lightClient(step: "light-client block at height \(block.innerLite.height)", error)
            }
        }
        return steps
    }

    /// Proves a transaction's outcome and the outcomes of the receipts it created. Syncs first;
    /// while the outcome is newer than the validated head, syncs again every `poll` until
    /// `wait` has passed.
    public mutating func proveTransaction(
        _ hash: CryptoHash, sender: String, wait: Duration = .seconds(10), poll: Duration = .milliseconds(250)
    ) async throws -> ProvenTransaction {
        let deadline = ContinuousClock.now + wait
        let transaction = try await prove(.transaction(hash: hash, senderId: sender), deadline: deadline, poll: poll)
        guard transaction.executorId == sender else {
            throw NearProofError.executorMismatch(expected: sender, proven: transaction.executorId)
        }
        var receipts: [ProvenOutcome] = []
        if !transaction.receiptIds.isEmpty {
            // The receipts' receivers are a lookup hint from the node; the proofs bind the ids.
            let reported = try await rpc.txStatus(hash, sender: sender, wait: .final)
            for id in transaction.receiptIds {
                let receiver = reported.receiptsOutcome.first { $0.id == id }?.outcome.executorId ?? reported.receiverId
                receipts.append(try await prove(.receipt(id: id, receiverId: receiver), deadline: deadline, poll: poll))
            }
        }
        return ProvenTransaction(transaction: transaction, receipts: receipts, headHash: state.headHash, headHeight: state.head.height)
    }

    /// Proves one outcome (a transaction's or a receipt's) against the validated head, waiting
    /// up to `wait` for the head to pass the outcome's block.
    public mutating func prove(_ outcome: OutcomeID, wait: Duration = .seconds(10), poll: Duration = .milliseconds(250)) async throws -> ProvenOutcome {
        try await prove(outcome, deadline: ContinuousClock.now + wait, poll: poll)
    }

    /// The proof must verify against the head's `block_merkle_root` and be for `outcome`.
    mutating func prove(_ outcome: OutcomeID, deadline: ContinuousClock.Instant, poll: Duration) async throws -> ProvenOutcome {
        let started = ContinuousClock.now
        try await sync()
        while true {
            let proof: LightClientExecutionProof
            do {
                proof = try await rpc.lightClientProof(outcome, head: state.headHash)
            } catch let error as NearRPCClientError where Self.notYetProvable(error) {
                guard ContinuousClock.now < deadline else {
                    throw NearProofError.notYetProvable(outcome.id, headHeight: state.head.height, waited: ContinuousClock.now - started)
                }
                try await Task.sleep(for: poll)
                try await sync()
                continue
            }
            do throws(LightClientError) {
                _ = try proof.verify(blockMerkleRoot: state.head.blockMerkleRoot)
            } catch {
                throw NearProofError.lightClient(step: "proof of \(outcome.id)", error)
            }
            guard proof.outcomeProof.id == outcome.id else {
                throw NearProofError.outcomeIdMismatch(expected: outcome.id, proven: proof.outcomeProof.id)
            }
            return ProvenOutcome(proof)
        }
    }

    /// The node knows no outcome before the head yet (nearcore: NOT_CONFIRMED, or
    /// UNKNOWN_TRANSACTION_OR_RECEIPT while a receipt has not run).
    static func notYetProvable(_ error: NearRPCClientError) -> Bool {
        ["NOT_CONFIRMED", "UNKNOWN_TRANSACTION_OR_RECEIPT"].contains(error.cause ?? "")
    }
}
