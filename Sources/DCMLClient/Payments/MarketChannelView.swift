import NearLightClient
import Payments

/// A channel as the market records it (`get_channel` while it is open, and the return value
/// and event data of every channel call): its parties, the rates and the node key snapshotted
/// at `open_channel`, its state, and once it settled, the settlement (`closure`).
public struct MarketChannelView: Hashable, Sendable, Decodable {
    public enum State: String, Hashable, Sendable, Decodable {
        case pending, active, closing, closed
    }

    public let channelID: UInt64
    public let modelID: String
    public let user: String
    public let provider: String
    public let beneficiary: String
    public let signingPublicKey: String
    public let challenge: Challenge
    public let payerKey: String?
    /// D: what the user deposited (and the provider locks the same).
    public let deposit: UInt128
    public let prices: PriceSchedule
    public let state: State
    public let openedAtNs: UInt128
    /// Set while `closing`: `finalize_force_close` works from this block timestamp on.
    public let forceCloseDeadlineNs: UInt128?
    public let closure: MarketClosure?

    private enum CodingKeys: String, CodingKey {
        case channelID = "channel_id", modelID = "model_id", user, provider, beneficiary, signingPublicKey = "signing_public_key"
        case challenge, payerKey = "payer_key", deposit, state, openedAtNs = "opened_at_ns", forceCloseDeadlineNs = "force_close_deadline_ns", closure
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        channelID = try c.nearU64(.channelID)
        modelID = try c.decode(String.self, forKey: .modelID)
        user = try c.decode(String.self, forKey: .user)
        provider = try c.decode(String.self, forKey: .provider)
        beneficiary = try c.decode(String.self, forKey: .beneficiary)
        signingPublicKey = try c.decode(String.self, forKey: .signingPublicKey)
        challenge = try c.decode(Challenge.self, forKey: .challenge)
        payerKey = try c.decodeIfPresent(String.self, forKey: .payerKey)
        deposit = try c.nearU128(.deposit)
        // The rates sit at the top level of the record, under PriceSchedule's own keys.
        prices = try PriceSchedule(from: decoder)
        state = try c.decode(State.self, forKey: .state)
        openedAtNs = try c.nearU128(.openedAtNs)
        forceCloseDeadlineNs = try c.decodeNil(forKey: .forceCloseDeadlineNs) ? nil : c.nearU128(.forceCloseDeadlineNs)
        closure = try c.decodeIfPresent(MarketClosure.self, forKey: .closure)
    }
}

/// How a channel settled: the approved (or defaulted) terms and what each party was paid; the
/// three payouts always add up to the channel's 2·D.
public struct MarketClosure: Hashable, Sendable, Decodable {
    public enum Kind: String, Hashable, Sendable, Decodable {
        /// Closed with the node's approval while active.
        case cooperative
        /// A force close the node answered with its approval in time.
        case answered
        /// A force close nobody answered: the user gets D back, the beneficiary the provider's D.
        case unanswered
        /// Force-closed before the provider locked: the user gets D back.
        case cancelled
    }

    public let kind: Kind
    public let spent: UInt128
    public let modelShare: UInt128
    public let nonce: UInt64
    public let paidUser: UInt128
    public let paidProvider: UInt128
    public let paidBeneficiary: UInt128
    public let closedAtNs: UInt128

    private enum CodingKeys: String, CodingKey {
        case kind, spent, modelShare = "model_share", nonce, paidUser = "paid_user", paidProvider = "paid_provider"
        case paidBeneficiary = "paid_beneficiary", closedAtNs = "closed_at_ns"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        spent = try c.nearU128(.spent)
        modelShare = try c.nearU128(.modelShare)
        nonce = try c.nearU64(.nonce)
        paidUser = try c.nearU128(.paidUser)
        paidProvider = try c.nearU128(.paidProvider)
        paidBeneficiary = try c.nearU128(.paidBeneficiary)
        closedAtNs = try c.nearU128(.closedAtNs)
    }
}

/// `get_channel`: an open channel's record, a closed one's tombstone (its settlement is in the
/// closing call's result and `channel_closed` event, not in state), or an id never used.
public enum MarketChannelLookup: Hashable, Sendable {
    case open(MarketChannelView)
    case closed(channelID: UInt64)
    case unknown
}
