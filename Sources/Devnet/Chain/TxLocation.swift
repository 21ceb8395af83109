import NearLightClient

/// A committed transaction: its block's header and body, and its index there.
public struct TxLocation: Sendable {
    public var header: BlockHeader
    public var body: BlockBody
    public var index: Int
    /// Each outcome's path in the block's outcome tree (tree order, see `BlockBody`).
    public var paths: [MerklePath]

    public var transaction: SignedTransaction { body.transactions[index] }
    public var execution: TxExecution { body.executions[index] }
    public var transactionPath: MerklePath { paths[index] }

    /// The transaction's receipt outcomes (its own first) with their paths.
    public var receiptOutcomes: [(outcome: ExecutionOutcomeWithId, path: MerklePath)] {
        let first = body.receiptLeaf(ofTransaction: index)
        return execution.receiptOutcomes.enumerated().map { (outcome: $1, path: paths[first + $0]) }
    }

    /// One of the transaction's receipt outcomes with its path; nil if `id` is not one of them.
    public func receiptOutcome(_ id: CryptoHash) -> (outcome: ExecutionOutcomeWithId, path: MerklePath)? {
        receiptOutcomes.first { $0.outcome.id == id }
    }
}
