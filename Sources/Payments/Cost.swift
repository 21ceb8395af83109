/// A price split between the model's creator (Charlie; the contract's `model_share`) and the node's
/// provider (Bob's fee), in yoctoNEAR. The closure approval carries both (as spent and model
/// share) because the contract cannot derive the split from the total: prompt and completion
/// tokens are priced differently for the creator and alike for the provider.
public struct Cost: Hashable, Sendable {
    public let creator: UInt128
    public let provider: UInt128

    public init(creator: UInt128, provider: UInt128) {
        self.creator = creator
        self.provider = provider
    }

    public static let zero = Cost(creator: 0, provider: 0)

    /// creator + provider; `PriceSchedule` never returns a cost whose total overflows.
    public var total: UInt128 { creator + provider }
}

/// A price computation that does not fit in 128 bits.
public enum PriceError: Error, Hashable, Sendable, CustomStringConvertible {
    case overflow(promptTokens: UInt64, completionTokens: UInt64)

    public var description: String {
        switch self {
        case .overflow(let prompt, let completion):
            return "cost of \(prompt) prompt and \(completion) completion tokens overflows 128 bits; expected prices of at most ~10^28 yoctoNEAR per 1,000 tokens"
        }
    }
}

extension Cost: Codable {
    private enum CodingKeys: String, CodingKey { case creator, provider }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        creator = try container.decodeYocto(forKey: .creator)
        provider = try container.decodeYocto(forKey: .provider)
        guard !creator.addingReportingOverflow(provider).overflow else {
            throw DecodingError.dataCorruptedError(forKey: .provider, in: container, debugDescription: "creator + provider overflows 128 bits")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeYocto(creator, forKey: .creator)
        try container.encodeYocto(provider, forKey: .provider)
    }
}
