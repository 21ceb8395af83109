/// What tokens cost on a channel: the model creator's price per 1,000 prompt and per 1,000
/// completion tokens (set by Charlie in the model market) plus the provider's fee per 1,000 tokens
/// of either kind (set by Bob when he registers his node), all in yoctoNEAR, snapshotted by the
/// contract when the channel opens (`price_prompt_per_1k`, `price_completion_per_1k`, `fee_per_1k`).
///
/// Costs are exact integers, each part rounded up on its own, exactly as the contract specifies
/// (Contracts/payment_channel/README.md, "How S and M are computed"):
/// `M = ceil((P·price_prompt + C·price_completion) / 1000)`, `F = ceil((P + C)·fee / 1000)`.
/// The channel prices its cumulative token counts P and C, never request by request, so rounding
/// costs the payer at most one yoctoNEAR per part per channel, and payer and node (which run this
/// same code) agree to the yoctoNEAR.
public struct PriceSchedule: Hashable, Sendable, Codable {
    public let creatorPerThousandPromptTokens: UInt128
    public let creatorPerThousandCompletionTokens: UInt128
    public let providerPerThousandTokens: UInt128

    public init(creatorPerThousandPromptTokens: UInt128, creatorPerThousandCompletionTokens: UInt128, providerPerThousandTokens: UInt128) {
        self.creatorPerThousandPromptTokens = creatorPerThousandPromptTokens
        self.creatorPerThousandCompletionTokens = creatorPerThousandCompletionTokens
        self.providerPerThousandTokens = providerPerThousandTokens
    }

    /// The cost of these token counts: the creator's part (the contract's `model_share`, M) and the
    /// provider's fee (F).
    public func cost(promptTokens: UInt64, completionTokens: UInt64) throws(PriceError) -> Cost {
        guard
            let creatorMilli = Self.weightedSum(promptTokens, creatorPerThousandPromptTokens, completionTokens, creatorPerThousandCompletionTokens),
            let providerMilli = Self.weightedSum(promptTokens, providerPerThousandTokens, completionTokens, providerPerThousandTokens)
        else { throw .overflow(promptTokens: promptTokens, completionTokens: completionTokens) }
        let cost = Cost(creator: Self.ceilThousandth(creatorMilli), provider: Self.ceilThousandth(providerMilli))
        guard !cost.creator.addingReportingOverflow(cost.provider).overflow else {
            throw .overflow(promptTokens: promptTokens, completionTokens: completionTokens)
        }
        return cost
    }

    /// The cost if every one of `maxCompletionTokens` is generated: what a request is priced at
    /// before it runs, for the 402 check and the voucher's cap.
    public func maxCost(promptTokens: UInt64, maxCompletionTokens: UInt64) throws(PriceError) -> Cost {
        try cost(promptTokens: promptTokens, completionTokens: maxCompletionTokens)
    }

    /// `a·rateA + b·rateB`, or nil where it does not fit 128 bits (only prices above 2^64
    /// yoctoNEAR per 1,000 tokens with huge token counts get there): a misconfigured price is an
    /// error, never a trap.
    private static func weightedSum(_ a: UInt64, _ rateA: UInt128, _ b: UInt64, _ rateB: UInt128) -> UInt128? {
        let (first, overflow1) = UInt128(a).multipliedReportingOverflow(by: rateA)
        let (second, overflow2) = UInt128(b).multipliedReportingOverflow(by: rateB)
        let (sum, overflow3) = first.addingReportingOverflow(second)
        return overflow1 || overflow2 || overflow3 ? nil : sum
    }

    private static func ceilThousandth(_ value: UInt128) -> UInt128 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: 1000)
        return remainder == 0 ? quotient : quotient + 1
    }

    private enum CodingKeys: String, CodingKey {
        case creatorPerThousandPromptTokens = "price_prompt_per_1k"
        case creatorPerThousandCompletionTokens = "price_completion_per_1k"
        case providerPerThousandTokens = "fee_per_1k"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        creatorPerThousandPromptTokens = try container.decodeYocto(forKey: .creatorPerThousandPromptTokens)
        creatorPerThousandCompletionTokens = try container.decodeYocto(forKey: .creatorPerThousandCompletionTokens)
        providerPerThousandTokens = try container.decodeYocto(forKey: .providerPerThousandTokens)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeYocto(creatorPerThousandPromptTokens, forKey: .creatorPerThousandPromptTokens)
        try container.encodeYocto(creatorPerThousandCompletionTokens, forKey: .creatorPerThousandCompletionTokens)
        try container.encodeYocto(providerPerThousandTokens, forKey: .providerPerThousandTokens)
    }
}
