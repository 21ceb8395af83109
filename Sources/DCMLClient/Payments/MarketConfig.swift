import NearLightClient

/// `get_config`: the market's chain id (part of every closure text), its challenge period T, and
/// what it holds for open channels (`held`, which must drop by exactly a channel's 2·D when it
/// settles) and for registrations' storage.
public struct MarketConfig: Hashable, Sendable, Decodable {
    public let chainID: String
    public let challengePeriodSeconds: UInt64
    public let nextChannelID: UInt64
    public let held: UInt128
    public let storageDeposits: UInt128
    public let minimumChannelDeposit: UInt128

    private enum CodingKeys: String, CodingKey {
        case chainID = "chain_id", challengePeriodSeconds = "challenge_period_seconds", nextChannelID = "next_channel_id"
        case held, storageDeposits = "storage_deposits", minimumChannelDeposit = "minimum_channel_deposit"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        chainID = try c.decode(String.self, forKey: .chainID)
        challengePeriodSeconds = try c.nearU64(.challengePeriodSeconds)
        nextChannelID = try c.nearU64(.nextChannelID)
        held = try c.nearU128(.held)
        storageDeposits = try c.nearU128(.storageDeposits)
        minimumChannelDeposit = try c.nearU128(.minimumChannelDeposit)
    }
}
