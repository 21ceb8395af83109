/// Why a model-market call or view gave no usable answer.
public enum MarketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The contract refused the call (a NEAR panic: the call reverted, its deposit was refunded,
    /// its gas was spent); `message` is the contract's own text, e.g. `channel is closed`.
    case panicked(method: String, message: String)
    /// The transaction failed before or outside the contract's code (e.g. not enough balance).
    case failed(method: String, reason: String)
    /// The contract or the RPC answered something this client cannot read.
    case malformed(method: String, reason: String)

    public var description: String {
        switch self {
        case let .panicked(method, message): return "model market refused \(method): \(message)"
        case let .failed(method, reason): return "model market call \(method) failed: \(reason)"
        case let .malformed(method, reason): return "model market \(method) answered something unexpected: \(reason)"
        }
    }
}
