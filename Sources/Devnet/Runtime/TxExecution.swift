import NearLightClient

/// What one transaction did in a block: the outcome of converting it into a receipt, and the
/// outcome of that receipt on the receiver (NEAR runs a local receipt in the same block; the
/// devnet runs every receipt there, so a transaction is final in the block that includes it).
public struct TxExecution: Sendable, Hashable {
    public var transactionOutcome: ExecutionOutcomeWithId
    public var receiptOutcome: ExecutionOutcomeWithId
    public var receiptId: CryptoHash { receiptOutcome.id }

    /// The transaction's final status: the receipt's status (NEAR's `FinalExecutionStatus`).
    public var status: ExecutionStatus { receiptOutcome.outcome.status }
}
