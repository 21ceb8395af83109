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
    public var receiptPath: MerklePath { paths[body.executions.count + index] }
}
