import NearLightClient

/// Why a completion request was refused before generation, with the HTTP status the node answers.
public enum PaymentRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// No channel is open on this node (none established yet, or closed).
    case noOpenChannel(state: String)
    case badVoucher(VoucherProblem)
    /// The request's maximum cost (`required`: what it would add to the channel's worst case)
    /// does not fit what the deposit has left after the charges and the requests in flight.
    case insufficientDeposit(required: UInt128, available: UInt128)
    /// The voucher's cumulative cap is below what the node would have charged after this request.
    case voucherBelowCost(required: UInt128, authorized: UInt128)
    /// Token counts so large that their price does not fit 128 bits.
    case priceOverflow(promptTokens: UInt64, maxCompletionTokens: UInt64)

    /// 402 where more money would help, 401 where the voucher is not acceptable, 409 where there
    /// is no channel to charge, 400 for an impossible request.
    public var httpStatus: Int {
        switch self {
        case .insufficientDeposit, .voucherBelowCost: return 402
        case .badVoucher: return 401
        case .noOpenChannel: return 409
        case .priceOverflow: return 400
        }
    }

    public var description: String {
        switch self {
        case .noOpenChannel(let state):
            return "no payment channel is open on this node (it is \(state)); establish one with a fresh challenge"
        case .badVoucher(let problem):
            return "voucher refused: \(problem)"
        case .insufficientDeposit(let required, let available):
            return "request may cost up to \(required) yoctoNEAR but the channel has \(available) left; lower max_tokens or open a new channel"
        case .voucherBelowCost(let required, let authorized):
            return "voucher authorizes a cumulative \(authorized) yoctoNEAR, expected at least \(required) (the channel's cost if this request and those in flight generated their maximum)"
        case .priceOverflow(let prompt, let completion):
            return "\(prompt) prompt and up to \(completion) completion tokens cannot be priced (the channel's cost would overflow 128 bits); expected realistic token counts"
        }
    }
}

/// What is wrong with a voucher.
public enum VoucherProblem: Hashable, Sendable, CustomStringConvertible {
    case wrongDomain(expected: ChannelDomain, actual: ChannelDomain)
    case wrongChannel(expected: UInt64, actual: UInt64)
    case badSignature(payer: PublicKey)
    /// A MAC voucher for a channel with no session key on this node (none granted, or the node
    /// restarted since): the payer grants one again, or signs the voucher.
    case noSession(channel: UInt64)
    case badMAC(session: VoucherSessionKey)
    case replayedNonce(last: UInt64, actual: UInt64)

    public var description: String {
        switch self {
        case .wrongDomain(let expected, let actual):
            return "it is for \(actual), expected \(expected)"
        case .wrongChannel(let expected, let actual):
            return "it is for channel \(actual), expected channel \(expected) (this node's)"
        case .badSignature(let payer):
            return "signature does not verify with the channel's payer key \(payer)"
        case .noSession(let channel):
            return "it carries a session MAC, but channel \(channel) has no voucher session on this node (none was granted, or the node restarted since); "
                + "expected a grant first (POST /v1/payments/session), or a voucher signed with the payer key"
        case .badMAC(let session):
            return "its MAC is not the HMAC-SHA256 of the voucher under the channel's session key (\(session))"
        case .replayedNonce(let last, let actual):
            return "nonce \(actual) is not above the last accepted nonce \(last)"
        }
    }
}
