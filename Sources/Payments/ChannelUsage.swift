/// The cumulative tokens a channel has been charged for, and their price. The contract's rule is
/// that a channel costs the price of its totals (rounded up once per part), not the sum of
/// per-request prices, so payer and node both keep the totals and price them with the same code.
public struct ChannelUsage: Hashable, Sendable {
    /// P: prompt tokens of every completion charged.
    public private(set) var promptTokens: UInt64 = 0
    /// C: completion tokens of every completion charged.
    public private(set) var completionTokens: UInt64 = 0
    /// The price of P and C.
    public private(set) var charged: Cost = .zero

    public init() {}

    /// The cost if `requests` — (prompt tokens, maximum completion tokens) — were charged on top,
    /// each at its maximum.
    public func worstCase(adding requests: [(prompt: UInt64, maxCompletion: UInt64)], prices: PriceSchedule) throws(PriceError) -> Cost {
        var p = promptTokens
        var c = completionTokens
        for request in requests {
            let (sumP, overflowP) = p.addingReportingOverflow(request.prompt)
            let (sumC, overflowC) = c.addingReportingOverflow(request.maxCompletion)
            guard !overflowP, !overflowC else { throw .overflow(promptTokens: request.prompt, completionTokens: request.maxCompletion) }
            (p, c) = (sumP, sumC)
        }
        return try prices.cost(promptTokens: p, completionTokens: c)
    }

    /// Charges a finished request; returns what it added to the cost. Callers add only tokens
    /// within a worst case they priced before, so the new totals are priced without overflow.
    @discardableResult
    mutating func add(prompt: UInt64, completion: UInt64, prices: PriceSchedule) -> Cost {
        promptTokens += prompt
        completionTokens += completion
        let before = charged
        charged = try! prices.cost(promptTokens: promptTokens, completionTokens: completionTokens)
        return Cost(creator: charged.creator - before.creator, provider: charged.provider - before.provider)
    }

    /// Whether `charged` is the price of the totals (a decoded value must be).
    func isPriced(by prices: PriceSchedule) -> Bool {
        charged == (try? prices.cost(promptTokens: promptTokens, completionTokens: completionTokens))
    }
}

extension ChannelUsage: Codable {
    private enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", charged
    }
}
