import NearLightClient

/// A block's transactions and what they did, in inclusion order. The block's outcome tree
/// holds all transaction outcomes first, then all receipt outcomes (as a NEAR chunk lists
/// them): transaction `i`'s outcome is leaf `i`; then, transaction by transaction, its own
/// receipt's outcome followed by those of the receipts its contracts created.
public struct BlockBody: Sendable, Hashable {
    public var transactions: [SignedTransaction]
    public var executions: [TxExecution]

    public init(transactions: [SignedTransaction] = [], executions: [TxExecution] = []) {
        self.transactions = transactions
        self.executions = executions
    }

    /// The outcomes in tree order.
    public var outcomes: [ExecutionOutcomeWithId] {
        executions.map(\.transactionOutcome) + executions.flatMap(\.receiptOutcomes)
    }

    /// The leaf of transaction `index`'s own receipt outcome (its created receipts follow it).
    public func receiptLeaf(ofTransaction index: Int) -> Int {
        executions[..<index].reduce(executions.count) { $0 + 1 + $1.promiseReceipts.count }
    }

    /// The shard's outcome root and each outcome's path (nearcore's `merklize`).
    public func outcomeTree() -> (root: CryptoHash, paths: [MerklePath]) {
        ExecutionOutcomeWithId.merklize(outcomes)
    }
}

extension BlockBody: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(transactions)
        writer.write(UInt32(executions.count))
        for execution in executions {
            OutcomeCodec.encode(execution.transactionOutcome, to: &writer)
            OutcomeCodec.encode(execution.receiptOutcome, to: &writer)
            writer.write(UInt32(execution.promiseReceipts.count))
            for receipt in execution.promiseReceipts {
                writer.write(receipt.predecessorId)
                writer.write(receipt.receiverId)
                writer.write(receipt.actions)
                OutcomeCodec.encode(receipt.outcome, to: &writer)
            }
        }
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        transactions = try reader.readArray("transactions", minimumElementSize: 1) { (r: inout BorshReader) throws(BorshError) in try r.read(SignedTransaction.self) }
        executions = try reader.readArray("executions", minimumElementSize: 1) { (r: inout BorshReader) throws(BorshError) -> TxExecution in
            let transactionOutcome = try OutcomeCodec.decode(from: &r)
            let receiptOutcome = try OutcomeCodec.decode(from: &r)
            let promiseReceipts = try r.readArray("promise receipts", minimumElementSize: 1) { (r: inout BorshReader) throws(BorshError) -> PromiseReceipt in
                PromiseReceipt(
                    predecessorId: try r.readString("predecessor id"), receiverId: try r.readString("receiver id"),
                    actions: try r.readArray("actions", minimumElementSize: 1) { (r: inout BorshReader) throws(BorshError) in try r.read(Action.self) },
                    outcome: try OutcomeCodec.decode(from: &r))
            }
            return TxExecution(transactionOutcome: transactionOutcome, receiptOutcome: receiptOutcome, promiseReceipts: promiseReceipts)
        }
    }
}
