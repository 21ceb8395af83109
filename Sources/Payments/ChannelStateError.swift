import NearLightClient

/// An event the channel state machine cannot take in its current state, or facts it refuses.
public enum ChannelStateError: Error, Hashable, Sendable, CustomStringConvertible {
    case wrongState(event: String, expected: String, actual: String)
    case wrongDomain(expected: ChannelDomain, actual: ChannelDomain)
    case challengeMismatch(issued: Challenge, channel: Challenge)
    case unequalDeposits(payer: UInt128, provider: UInt128)
    case unknownReservation(UInt64)
    case completionExceedsReservation(reserved: UInt64, actual: UInt64)
    case requestsInFlight(Int)
    case wrongChannel(expected: UInt64, actual: UInt64)
    /// A voucher session grant that is not the payer's signature over the key it came with.
    case badSessionGrant(payer: PublicKey)

    public var description: String {
        switch self {
        case .wrongState(let event, let expected, let actual):
            return "cannot \(event): the channel is \(actual), expected \(expected)"
        case .wrongDomain(let expected, let actual):
            return "channel is on \(actual), expected \(expected)"
        case .challengeMismatch(let issued, let channel):
            return "channel was opened with challenge \(channel), expected this node's challenge \(issued)"
        case .unequalDeposits(let payer, let provider):
            return "deposits are \(payer) (payer) and \(provider) (provider) yoctoNEAR; expected equal and non-zero"
        case .unknownReservation(let id):
            return "no request \(id) in flight on this channel"
        case .completionExceedsReservation(let reserved, let actual):
            return "request produced \(actual) completion tokens, expected at most the \(reserved) it reserved"
        case .requestsInFlight(let count):
            return "\(count) request(s) still in flight; expected none before a cooperative close"
        case .wrongChannel(let expected, let actual):
            return "request is for channel \(actual), expected channel \(expected)"
        case .badSessionGrant(let payer):
            return "voucher session grant is not signed by the channel's payer key \(payer) over the SHA-256 of the key sent with it"
        }
    }
}
