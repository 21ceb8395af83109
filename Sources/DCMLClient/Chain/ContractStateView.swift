import NearLightClient

/// `query view_state`: a contract's storage entries under a key prefix, at a block.
public struct ContractStateView: Hashable, Sendable, Decodable {
    public struct Entry: Hashable, Sendable, Decodable {
        public var key: [UInt8]
        public var value: [UInt8]

        enum CodingKeys: String, CodingKey { case key, value }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            key = try c.base64(.key)
            value = try c.base64(.value)
        }
    }

    public var values: [Entry]
    public var blockHeight: UInt64
    public var blockHash: CryptoHash

    enum CodingKeys: String, CodingKey {
        case values
        case blockHeight = "block_height"
        case blockHash = "block_hash"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        values = try c.decode([Entry].self, forKey: .values)
        blockHeight = try c.nearU64(.blockHeight)
        blockHash = try c.decode(CryptoHash.self, forKey: .blockHash)
    }
}
