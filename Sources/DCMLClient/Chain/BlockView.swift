import NearLightClient

/// The header fields of a `block` result that the chain client uses: identity, time, gas
/// price, and the light-client part (`inner_lite`) from which a trusted head is built.
public struct BlockView: Hashable, Sendable, Decodable {
    public var hash: CryptoHash
    public var prevHash: CryptoHash
    public var height: UInt64
    /// The `BlockHeaderInnerLite` fields of the header (height, epochs, roots, timestamp, …).
    public var innerLite: BlockHeaderInnerLite
    /// Given by the devnet (nearcore's `BlockHeaderView` omits it); lets a client recompute `hash`.
    public var innerRestHash: CryptoHash?
    /// yoctoNEAR per gas unit.
    public var gasPrice: UInt128
    public var author: String

    enum Keys: String, CodingKey {
        case author, header
        case hash
        case prevHash = "prev_hash"
        case height
        case innerRestHash = "inner_rest_hash"
        case gasPrice = "gas_price"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        author = try c.decode(String.self, forKey: .author)
        let h = try c.nestedContainer(keyedBy: Keys.self, forKey: .header)
        hash = try h.decode(CryptoHash.self, forKey: .hash)
        prevHash = try h.decode(CryptoHash.self, forKey: .prevHash)
        height = try h.nearU64(.height)
        innerRestHash = try h.decodeIfPresent(CryptoHash.self, forKey: .innerRestHash)
        gasPrice = try h.nearU128(.gasPrice)
        innerLite = try c.decode(BlockHeaderInnerLite.self, forKey: .header)
    }
}
