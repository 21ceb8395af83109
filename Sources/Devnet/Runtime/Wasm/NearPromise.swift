/// An outgoing receipt a contract created with `promise_batch_create`: the receiver and the
/// actions batched on it. Only transfers are supported by the devnet runtime so far.
public struct NearPromise: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case transfer(UInt128)
    }

    public var receiverId: String
    public var actions: [Action]
}
