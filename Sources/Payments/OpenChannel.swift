import NearLightClient

/// An established channel as the node tracks it: the facts fixed at open, the cumulative prompt
/// and completion tokens charged (the channel's cost is always the price of these totals), the
/// last voucher nonce accepted, and the requests in flight.
public struct OpenChannel: Hashable, Sendable, Codable {
    public let domain: ChannelDomain
    public let channel: UInt64
    public let challenge: Challenge
    public let payerKey: PublicKey
    public let deposit: UInt128
    public let prices: PriceSchedule
    /// P: prompt tokens of every completion charged.
    public internal(set) var promptTokens: UInt64 = 0
    /// C: completion tokens of every completion charged.
    public internal(set) var completionTokens: UInt64 = 0
    /// `prices.cost(P, C)`; its total never exceeds `deposit`.
    public internal(set) var charged: Cost = .zero
    /// The last voucher nonce accepted; the next voucher needs a larger one (0: none yet).
    public internal(set) var voucherNonce: UInt64 = 0
    public internal(set) var reservations: [Reservation] = []
    var nextReservationID: UInt64 = 1

    init(_ facts: ChannelFacts) {
        domain = facts.domain
        channel = facts.channel
        challenge = facts.challenge
        payerKey = facts.payerKey
        deposit = facts.deposit
        prices = facts.prices
    }

    public var spent: UInt128 { charged.total }

    /// The cumulative cost if every request in flight, and one more of `prompt` and
    /// `maxCompletion` tokens, generated its maximum; nil where the counts or the cost overflow.
    func worstCase(addingPrompt prompt: UInt64 = 0, maxCompletion: UInt64 = 0) -> Cost? {
        var p = promptTokens
        var c = completionTokens
        for (addP, addC) in reservations.map({ ($0.promptTokens, $0.maxCompletionTokens) }) + [(prompt, maxCompletion)] {
            let (sumP, overflowP) = p.addingReportingOverflow(addP)
            let (sumC, overflowC) = c.addingReportingOverflow(addC)
            guard !overflowP, !overflowC else { return nil }
            (p, c) = (sumP, sumC)
        }
        return try? prices.cost(promptTokens: p, completionTokens: c)
    }

    /// Charges `prompt` and `completion` more tokens: the channel's cost becomes the price of the
    /// new totals. Callers only add tokens a reservation covered, whose worst case was priced.
    mutating func charge(prompt: UInt64, completion: UInt64) -> Cost {
        promptTokens += prompt
        completionTokens += completion
        let before = charged
        // Within the worst case priced when the reservation was accepted.
        charged = try! prices.cost(promptTokens: promptTokens, completionTokens: completionTokens)
        return Cost(creator: charged.creator - before.creator, provider: charged.provider - before.provider)
    }

    /// Ends every request in flight as if it generated its maximum (a restart, a unilateral close).
    mutating func chargeRequestsInFlightAtTheirMaximum() {
        for reservation in reservations {
            _ = charge(prompt: reservation.promptTokens, completion: reservation.maxCompletionTokens)
        }
        reservations = []
    }

    /// The terms of closing now, with the TEE's counter value `nonce`.
    func closureTerms(nonce: UInt64) -> ClosureTerms {
        ClosureTerms(domain: domain, channel: channel, challenge: challenge, spent: charged.total, modelShare: charged.creator, nonce: nonce)
    }

    private enum CodingKeys: String, CodingKey {
        case domain, channel = "channel_id", challenge, payerKey = "payer_key", deposit, prices
        case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", charged
        case voucherNonce = "voucher_nonce", reservations, nextReservationID = "next_reservation_id"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        domain = try container.decode(ChannelDomain.self, forKey: .domain)
        channel = try container.decode(UInt64.self, forKey: .channel)
        challenge = try container.decode(Challenge.self, forKey: .challenge)
        payerKey = try container.decode(PublicKey.self, forKey: .payerKey)
        deposit = try container.decodeYocto(forKey: .deposit)
        prices = try container.decode(PriceSchedule.self, forKey: .prices)
        promptTokens = try container.decode(UInt64.self, forKey: .promptTokens)
        completionTokens = try container.decode(UInt64.self, forKey: .completionTokens)
        charged = try container.decode(Cost.self, forKey: .charged)
        voucherNonce = try container.decode(UInt64.self, forKey: .voucherNonce)
        reservations = try container.decode([Reservation].self, forKey: .reservations)
        nextReservationID = try container.decode(UInt64.self, forKey: .nextReservationID)
        guard charged == (try? prices.cost(promptTokens: promptTokens, completionTokens: completionTokens)),
            let worst = worstCase(), worst.total <= deposit
        else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "inconsistent channel: expected charged = price of the token totals and the worst case within the deposit \(deposit)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(domain, forKey: .domain)
        try container.encode(channel, forKey: .channel)
        try container.encode(challenge, forKey: .challenge)
        try container.encode(payerKey, forKey: .payerKey)
        try container.encodeYocto(deposit, forKey: .deposit)
        try container.encode(prices, forKey: .prices)
        try container.encode(promptTokens, forKey: .promptTokens)
        try container.encode(completionTokens, forKey: .completionTokens)
        try container.encode(charged, forKey: .charged)
        try container.encode(voucherNonce, forKey: .voucherNonce)
        try container.encode(reservations, forKey: .reservations)
        try container.encode(nextReservationID, forKey: .nextReservationID)
    }
}
