import NearLightClient

/// What one transaction did in a block: the outcome of converting it into a receipt, the
/// outcome of that receipt on the receiver, and the receipts its contract calls created with
/// their outcomes. NEAR runs a local receipt in the same block and the rest in later blocks;
/// the devnet runs them all in the block that includes the transaction, so a transaction is
/// final there.
public struct TxExecution: Sendable, Hashable {
    public var transactionOutcome: ExecutionOutcomeWithId
    public var receiptOutcome: ExecutionOutcomeWithId
    /// In the order they ran (the order of `receiptOutcome.outcome.receiptIds`).
    public var promiseReceipts: [PromiseReceipt]

    public init(transactionOutcome: ExecutionOutcomeWithId, receiptOutcome: ExecutionOutcomeWithId, promiseReceipts: [PromiseReceipt] = []) {
        self.transactionOutcome = transactionOutcome
        self.receiptOutcome = receiptOutcome
        self.promiseReceipts = promiseReceipts
    }

    public var receiptId: CryptoHash { receiptOutcome.id }

    /// Every receipt outcome, the transaction's own receipt first (the tx RPC's `receipts_outcome`).
    public var receiptOutcomes: [ExecutionOutcomeWithId] { [receiptOutcome] + promiseReceipts.map(\.outcome) }

    /// Every outcome's gas, the transaction's conversion included.
    public var gasBurnt: UInt64 { receiptOutcomes.reduce(transactionOutcome.outcome.gasBurnt) { $0 &+ $1.outcome.gasBurnt } }
    public var tokensBurnt: UInt128 { receiptOutcomes.reduce(transactionOutcome.outcome.tokensBurnt) { $0 &+ $1.outcome.tokensBurnt } }

    /// The transaction's final status (NEAR's `FinalExecutionStatus`): the receipt's status,
    /// followed through `SuccessReceiptId` to the receipt whose result it returned.
    public var status: ExecutionStatus {
        var status = receiptOutcome.outcome.status
        while case .successReceiptId(let id) = status, let next = promiseReceipts.first(where: { $0.outcome.id == id }) {
            status = next.outcome.outcome.status
        }
        return status
    }
}
