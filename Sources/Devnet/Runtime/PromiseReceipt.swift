import NearLightClient

/// A receipt a contract call created (`promise_batch_create` and its actions), as executed:
/// who sent it, where it went, what it carried and its outcome. Kept with the transaction so
/// `EXPERIMENTAL_tx_status` can show the receipt and light-client proofs can find its outcome.
public struct PromiseReceipt: Sendable, Hashable {
    /// The contract that created it.
    public var predecessorId: String
    public var receiverId: String
    public var actions: [Action]
    public var outcome: ExecutionOutcomeWithId

    public init(predecessorId: String, receiverId: String, actions: [Action], outcome: ExecutionOutcomeWithId) {
        self.predecessorId = predecessorId
        self.receiverId = receiverId
        self.actions = actions
        self.outcome = outcome
    }
}
