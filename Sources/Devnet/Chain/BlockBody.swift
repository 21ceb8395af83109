import NearLightClient

/// A block's transactions and what they did, in inclusion order. The block's outcome tree
/// holds all transaction outcomes first, then all receipt outcomes (as a NEAR chunk lists
/// them), so transaction `i`'s outcome is leaf `i` and its receipt's is leaf `count + i`.
public struct BlockBody: Sendable, Hashable {
    public var transactions: [SignedTransaction]
    public var executions: [TxExecution]

    public init(transactions: [SignedTransaction] = [], executions: [TxExecution] = []) {
        self.transactions = transactions
        self.executions = executions
    }

    /// The outcomes in tree order.
    public var outcomes: [ExecutionOutcomeWithId] {
        executions.map(\.transactionOutcome) + executions.map(\.receiptOutcome)
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
        }
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        transactions = try reader.readArray("transactions", minimumElementSize: 1) { (r: inout BorshReader) throws(BorshError) in try r.read(SignedTransaction.self) }
        executions = try reader.readArray("executions", minimumElementSize: 1) { (r: inout BorshReader) throws(BorshError) in
            TxExecution(transactionOutcome: try OutcomeCodec.decode(from: &r), receiptOutcome: try OutcomeCodec.decode(from: &r))
        }
    }
}
