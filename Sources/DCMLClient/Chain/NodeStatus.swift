import NearLightClient

/// The parts of `status` a client needs: which chain, and where its head is.
public struct NodeStatus: Hashable, Sendable, Decodable {
    public var chainId: String
    public var latestBlockHash: CryptoHash
    public var latestBlockHeight: UInt64
    /// The node's protocol version; `version.version` is its software version.
    public var protocolVersion: UInt64
    public var version: String

    enum Keys: String, CodingKey {
        case chainId = "chain_id"
        case syncInfo = "sync_info"
        case latestBlockHash = "latest_block_hash"
        case latestBlockHeight = "latest_block_height"
        case protocolVersion = "protocol_version"
        case version
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        chainId = try c.decode(String.self, forKey: .chainId)
        protocolVersion = try c.nearU64(.protocolVersion)
        version = try c.nestedContainer(keyedBy: Keys.self, forKey: .version).decode(String.self, forKey: .version)
        let sync = try c.nestedContainer(keyedBy: Keys.self, forKey: .syncInfo)
        latestBlockHash = try sync.decode(CryptoHash.self, forKey: .latestBlockHash)
        latestBlockHeight = try sync.nearU64(.latestBlockHeight)
    }
}
