import NearLightClient

/// An established channel as the node tracks it: the facts fixed at open, the tokens charged
/// (`usage`), the last voucher nonce accepted, the requests in flight, and the payer's voucher
/// session key if she granted one (in memory only: never encoded, so never in a ledger file).
public struct OpenChannel: Hashable, Sendable {
    public let facts: ChannelFacts
    public internal(set) var usage = ChannelUsage()
    /// The last voucher nonce accepted; the next voucher needs a larger one (0: none yet).
    public internal(set) var voucherNonce: UInt64 = 0
    public internal(set) var reservations: [Reservation] = []
    var nextReservationID: UInt64 = 1
    /// The key the payer's MAC vouchers are checked with (``VoucherSessionGrant``).
    var sessionKey: VoucherSessionKey?

    init(_ facts: ChannelFacts) {
        self.facts = facts
    }

    public var domain: ChannelDomain { facts.domain }
    public var channel: UInt64 { facts.channel }
    public var challenge: Challenge { facts.challenge }
    public var payerKey: PublicKey { facts.payerKey }
    public var deposit: UInt128 { facts.deposit }
    public var prices: PriceSchedule { facts.prices }
    /// The price of the tokens charged; its total never exceeds the deposit.
    public var charged: Cost { usage.charged }
    public var spent: UInt128 { usage.charged.total }

    /// The cumulative cost if every request in flight, and one more of `prompt` and
    /// `maxCompletion` tokens, generated its maximum; nil where that does not fit 128 bits.
    func worstCase(addingPrompt prompt: UInt64 = 0, maxCompletion: UInt64 = 0) -> Cost? {
        let requests = reservations.map { (prompt: $0.promptTokens, maxCompletion: $0.maxCompletionTokens) }
        return try? usage.worstCase(adding: requests + [(prompt: prompt, maxCompletion: maxCompletion)], prices: prices)
    }

    /// Charges tokens of a reservation, which the worst case priced; returns what they added.
    @discardableResult
    mutating func charge(prompt: UInt64, completion: UInt64) -> Cost {
        usage.add(prompt: prompt, completion: completion, prices: prices)
    }

    /// Ends every request in flight as if it generated its maximum (a unilateral close).
    mutating func chargeRequestsInFlightAtTheirMaximum() {
        for reservation in reservations {
            charge(prompt: reservation.promptTokens, completion: reservation.maxCompletionTokens)
        }
        reservations = []
    }

    /// What the ledger's log records of this channel.
    var progress: ChannelProgress {
        ChannelProgress(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, voucherNonce: voucherNonce)
    }

    /// Moves to `later` (a progress replayed from the ledger's log); false, changing nothing, where
    /// it cannot follow this one or does not fit the deposit.
    mutating func advance(to later: ChannelProgress) -> Bool {
        let now = progress
        guard now.precedes(later) else { return false }
        let added = (prompt: later.promptTokens - now.promptTokens, maxCompletion: later.completionTokens - now.completionTokens)
        guard let cost = try? usage.worstCase(adding: [added], prices: prices), cost.total <= deposit else { return false }
        charge(prompt: added.prompt, completion: added.maxCompletion)
        voucherNonce = later.voucherNonce
        return true
    }

    /// The terms of closing now, with the TEE's counter value `nonce`.
    func closureTerms(nonce: UInt64) -> ClosureTerms {
        ClosureTerms(domain: domain, channel: channel, challenge: challenge, spent: spent, modelShare: charged.creator, nonce: nonce)
    }
}

extension OpenChannel: Codable {
    private enum CodingKeys: String, CodingKey {
        case facts, usage, voucherNonce = "voucher_nonce", reservations, nextReservationID = "next_reservation_id"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        facts = try container.decode(ChannelFacts.self, forKey: .facts)
        usage = try container.decode(ChannelUsage.self, forKey: .usage)
        voucherNonce = try container.decode(UInt64.self, forKey: .voucherNonce)
        reservations = try container.decode([Reservation].self, forKey: .reservations)
        nextReservationID = try container.decode(UInt64.self, forKey: .nextReservationID)
        guard usage.isPriced(by: facts.prices), let worst = worstCase(), worst.total <= facts.deposit else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "inconsistent channel: expected usage priced at the channel's rates and its worst case within the deposit \(facts.deposit)"))
        }
    }
}
