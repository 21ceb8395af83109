/// An outgoing receipt a contract created with `promise_batch_create`: the receiver, the
/// actions batched on it, and the gas the call prepaid for executing it (the receipt's
/// execution fees, burnt when it runs). Only transfers are supported by the devnet runtime.
public struct NearPromise: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case transfer(UInt128)
    }

    public var receiverId: String
    public var actions: [Action]
    public var prepaidGas: UInt64

    public init(receiverId: String, actions: [Action], prepaidGas: UInt64) {
        self.receiverId = receiverId
        self.actions = actions
        self.prepaidGas = prepaidGas
    }

    /// The yoctoNEAR the receipt carries.
    public var deposit: UInt128 {
        actions.reduce(0) { sum, action in
            switch action {
            case .transfer(let amount): sum &+ amount
            }
        }
    }
}
