#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

/// The devnet's genesis file: chain id, epoch length, gas price, the initial accounts with their
/// full-access keys, and the block producers with their stake and signing keys.
///
/// Producers' secret keys live in the genesis because the devnet signs every producer's approvals
/// itself (one process plays all validators); never reuse these keys on a real network.
public struct Genesis: Codable, Sendable, Equatable {
    public var chainId: String
    /// Blocks per epoch (NEAR's `epoch_length`).
    public var epochLength: UInt64
    /// yoctoNEAR per unit of gas.
    public var gasPrice: UInt128
    /// Genesis time in nanoseconds since the Unix epoch.
    public var genesisTime: UInt64
    public var accounts: [GenesisAccount]
    public var validators: [GenesisValidator]

    public init(
        chainId: String, epochLength: UInt64, gasPrice: UInt128, genesisTime: UInt64,
        accounts: [GenesisAccount], validators: [GenesisValidator]
    ) {
        self.chainId = chainId
        self.epochLength = epochLength
        self.gasPrice = gasPrice
        self.genesisTime = genesisTime
        self.accounts = accounts
        self.validators = validators
    }

    enum CodingKeys: String, CodingKey {
        case chainId = "chain_id"
        case epochLength = "epoch_length"
        case gasPrice = "gas_price"
        case genesisTime = "genesis_time_ns"
        case accounts
        case validators
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        chainId = try c.decode(String.self, forKey: .chainId)
        epochLength = try c.decode(UInt64.self, forKey: .epochLength)
        gasPrice = try NearAmount.decode(c, .gasPrice)
        genesisTime = try c.decodeIfPresent(UInt64.self, forKey: .genesisTime) ?? 0
        accounts = try c.decode([GenesisAccount].self, forKey: .accounts)
        validators = try c.decode([GenesisValidator].self, forKey: .validators)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(chainId, forKey: .chainId)
        try c.encode(epochLength, forKey: .epochLength)
        try c.encode(String(gasPrice), forKey: .gasPrice)
        try c.encode(genesisTime, forKey: .genesisTime)
        try c.encode(accounts, forKey: .accounts)
        try c.encode(validators, forKey: .validators)
    }

    /// Checks what the chain relies on: valid and unique account ids, at least one producer,
    /// a positive epoch length, positive stakes.
    public func validate() throws(GenesisError) {
        guard epochLength >= 3 else { throw .invalid("epoch_length is \(epochLength), expected at least 3 blocks") }
        guard !validators.isEmpty else { throw .invalid("validators is empty, expected at least one block producer") }
        var seen = Set<String>()
        for id in accounts.map(\.accountId) + validators.map(\.accountId) where !seen.insert(id).inserted {
            throw .invalid("account '\(id)' appears twice, expected each account once (a validator is not also listed in accounts)")
        }
        for id in seen {
            do { try AccountId.validate(id) } catch { throw .invalid(error.description) }
        }
        for validator in validators where validator.stake == 0 {
            throw .invalid("validator '\(validator.accountId)' has stake 0, expected a positive stake")
        }
    }

    /// A single-shard devnet with a funded `test.near` (1e9 NEAR) and four producers of equal
    /// stake; returns the genesis and the test account's secret key (to print once).
    public static func makeDefault(
        chainId: String = "dcml-devnet", testAccount: String = "test.near", producers: Int = 4, epochLength: UInt64 = 100
    ) -> (genesis: Genesis, testKey: SecretKey) {
        let key = SecretKey.generate()
        let oneNear: UInt128 = 1_000_000_000_000_000_000_000_000
        let validators = (0..<producers).map { index in
            let producerKey = SecretKey.generate()
            return GenesisValidator(
                accountId: "node\(index).near", publicKey: producerKey.publicKey, secretKey: producerKey.nearString,
                amount: 1_000 * oneNear, stake: 50_000 * oneNear)
        }
        let now = UInt64(Date().timeIntervalSince1970 * 1_000_000_000)
        let genesis = Genesis(
            chainId: chainId, epochLength: epochLength, gasPrice: 100_000_000, genesisTime: now,
            accounts: [GenesisAccount(accountId: testAccount, amount: 1_000_000_000 * oneNear, keys: [key.publicKey])],
            validators: validators)
        return (genesis, key)
    }

    public static func load(from url: URL) throws -> Genesis {
        let data = try Data(contentsOf: url)
        let genesis = try JSONDecoder().decode(Genesis.self, from: data)
        try genesis.validate()
        return genesis
    }

    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
