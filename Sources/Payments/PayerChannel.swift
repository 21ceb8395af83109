import NearLightClient

/// Alice's side of a channel: what she has been charged, what she has in flight, and the next
/// voucher for a request.
///
/// She tracks the same cumulative prompt and completion token counts as the node, from the
/// `usage` of each response, and prices them with the same `PriceSchedule`, so both sides agree
/// on `spent` to the yoctoNEAR without her trusting a number the node reports. Each voucher caps
/// the channel at its worst case: the price of what was charged plus every request in flight,
/// this one included, generating its maximum. Nonces increase by one per voucher; requests sent
/// concurrently must reach the node in nonce order (a voucher overtaken by a later one is refused
/// as replayed, and its request is retried with a new voucher).
///
/// Holds no key: the caller passes the channel's payer key, so this value can be stored as JSON.
public struct PayerChannel: Hashable, Sendable, Codable {
    public let domain: ChannelDomain
    public let channel: UInt64
    public let deposit: UInt128
    public let prices: PriceSchedule
    /// The tokens of every completed request and their price: what the node has charged.
    public private(set) var usage = ChannelUsage()
    public private(set) var nonce: UInt64 = 0
    public private(set) var inFlight: [PendingRequest] = []

    /// A request sent with a voucher and not yet completed.
    public struct PendingRequest: Hashable, Sendable, Codable {
        public let nonce: UInt64
        public let promptTokens: UInt64
        public let maxCompletionTokens: UInt64
    }

    public init(domain: ChannelDomain, channel: UInt64, deposit: UInt128, prices: PriceSchedule) {
        self.domain = domain
        self.channel = channel
        self.deposit = deposit
        self.prices = prices
    }

    public var charged: Cost { usage.charged }
    public var spent: UInt128 { usage.charged.total }

    /// The channel's cost if every request in flight, plus one more, generated its maximum.
    func worstCase(addingPrompt prompt: UInt64 = 0, maxCompletion: UInt64 = 0) throws(PriceError) -> Cost {
        let requests = inFlight.map { (prompt: $0.promptTokens, maxCompletion: $0.maxCompletionTokens) }
        return try usage.worstCase(adding: requests + [(prompt: prompt, maxCompletion: maxCompletion)], prices: prices)
    }

    /// The voucher to send with a request, and the pending request to complete when it returns.
    /// Refuses locally (as the node would, with 402) a request whose maximum does not fit.
    public mutating func voucher(
        promptTokens: UInt64, maxCompletionTokens: UInt64, payerKey: SecretKey
    ) throws(PayerChannelError) -> (Voucher, PendingRequest) {
        let spent = try nextCap(promptTokens: promptTokens, maxCompletionTokens: maxCompletionTokens)
        let voucher: Voucher
        do { voucher = try Voucher.sign(domain: domain, channel: channel, spent: spent, nonce: nonce + 1, payerKey: payerKey) } catch {
            throw .signingFailed("\(error)")
        }
        return (voucher, send(promptTokens: promptTokens, maxCompletionTokens: maxCompletionTokens))
    }

    /// The same, MACed with the session key the payer granted the node (``VoucherSessionGrant``).
    public mutating func voucher(
        promptTokens: UInt64, maxCompletionTokens: UInt64, sessionKey: VoucherSessionKey
    ) throws(PayerChannelError) -> (Voucher, PendingRequest) {
        let spent = try nextCap(promptTokens: promptTokens, maxCompletionTokens: maxCompletionTokens)
        let voucher = Voucher.authenticate(domain: domain, channel: channel, spent: spent, nonce: nonce + 1, sessionKey: sessionKey)
        return (voucher, send(promptTokens: promptTokens, maxCompletionTokens: maxCompletionTokens))
    }

    /// The cap of the next voucher: the worst case with this request, which must fit the deposit.
    private func nextCap(promptTokens: UInt64, maxCompletionTokens: UInt64) throws(PayerChannelError) -> UInt128 {
        let committed: Cost
        let worst: Cost
        do {
            committed = try worstCase()
            worst = try worstCase(addingPrompt: promptTokens, maxCompletion: maxCompletionTokens)
        } catch {
            throw .price(error)
        }
        guard worst.total <= deposit else {
            throw .insufficientDeposit(required: worst.total - committed.total, available: deposit - committed.total)
        }
        return worst.total
    }

    /// Records the request whose voucher takes the next nonce.
    private mutating func send(promptTokens: UInt64, maxCompletionTokens: UInt64) -> PendingRequest {
        nonce += 1
        let pending = PendingRequest(nonce: nonce, promptTokens: promptTokens, maxCompletionTokens: maxCompletionTokens)
        inFlight.append(pending)
        return pending
    }

    /// The request completed with `completionTokens` (the response's `usage`): returns what it
    /// added to the channel's cost.
    @discardableResult
    public mutating func complete(_ request: PendingRequest, completionTokens: UInt64) throws(PayerChannelError) -> Cost {
        guard let index = inFlight.firstIndex(of: request) else { throw .unknownRequest(nonce: request.nonce) }
        guard completionTokens <= request.maxCompletionTokens else {
            throw .completionExceedsLimit(limit: request.maxCompletionTokens, actual: completionTokens)
        }
        inFlight.remove(at: index)
        // Within the worst case priced when the voucher was made.
        return usage.add(prompt: request.promptTokens, completion: completionTokens, prices: prices)
    }

    /// The request was refused or failed without a charge.
    public mutating func abandon(_ request: PendingRequest) throws(PayerChannelError) {
        guard let index = inFlight.firstIndex(of: request) else { throw .unknownRequest(nonce: request.nonce) }
        inFlight.remove(at: index)
    }

    private enum CodingKeys: String, CodingKey {
        case domain, channel = "channel_id", deposit, prices, usage, nonce, inFlight = "in_flight"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        domain = try container.decode(ChannelDomain.self, forKey: .domain)
        channel = try container.decode(UInt64.self, forKey: .channel)
        deposit = try container.decodeYocto(forKey: .deposit)
        prices = try container.decode(PriceSchedule.self, forKey: .prices)
        usage = try container.decode(ChannelUsage.self, forKey: .usage)
        nonce = try container.decode(UInt64.self, forKey: .nonce)
        inFlight = try container.decode([PendingRequest].self, forKey: .inFlight)
        guard usage.isPriced(by: prices), let worst = try? worstCase(), worst.total <= deposit else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "inconsistent channel: expected usage priced at the channel's rates and its worst case within the deposit \(deposit)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(domain, forKey: .domain)
        try container.encode(channel, forKey: .channel)
        try container.encodeYocto(deposit, forKey: .deposit)
        try container.encode(prices, forKey: .prices)
        try container.encode(usage, forKey: .usage)
        try container.encode(nonce, forKey: .nonce)
        try container.encode(inFlight, forKey: .inFlight)
    }
}

/// Why the payer's side refused to make a voucher or record a result.
public enum PayerChannelError: Error, Hashable, Sendable, CustomStringConvertible {
    case insufficientDeposit(required: UInt128, available: UInt128)
    case price(PriceError)
    case unknownRequest(nonce: UInt64)
    case completionExceedsLimit(limit: UInt64, actual: UInt64)
    case signingFailed(String)

    public var description: String {
        switch self {
        case .insufficientDeposit(let required, let available):
            return "request may cost up to \(required) yoctoNEAR but the channel has \(available) left; lower max_tokens or open a new channel"
        case .price(let error):
            return error.description
        case .unknownRequest(let nonce):
            return "no request with voucher nonce \(nonce) in flight"
        case .completionExceedsLimit(let limit, let actual):
            return "response reports \(actual) completion tokens, expected at most the requested \(limit)"
        case .signingFailed(let reason):
            return "signing the voucher failed: \(reason)"
        }
    }
}
