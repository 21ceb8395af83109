/// nearcore's `LightClientBlockLiteView`: enough of a header to recompute its hash.
public struct LightClientBlockLite: Hashable, Sendable {
    public var prevBlockHash: CryptoHash
    public var innerRestHash: CryptoHash
    public var innerLite: BlockHeaderInnerLite

    public init(prevBlockHash: CryptoHash, innerRestHash: CryptoHash, innerLite: BlockHeaderInnerLite) {
        self.prevBlockHash = prevBlockHash
        self.innerRestHash = innerRestHash
        self.innerLite = innerLite
    }

    /// The block hash as nearcore computes it:
    /// combine(combine(sha256(borsh(inner_lite)), inner_rest_hash), prev_block_hash).
    /// (The NEPs spec prints the outer concatenation the other way round; nearcore and mainnet
    /// data use this order.)
    public var hash: CryptoHash {
        Self.blockHash(innerLiteHash: innerLite.hash, innerRestHash: innerRestHash, prevBlockHash: prevBlockHash)
    }

    public static func blockHash(innerLiteHash: CryptoHash, innerRestHash: CryptoHash, prevBlockHash: CryptoHash) -> CryptoHash {
        CryptoHash.combine(CryptoHash.combine(innerLiteHash, innerRestHash), prevBlockHash)
    }
}

extension LightClientBlockLite: Codable {
    enum CodingKeys: String, CodingKey {
        case prevBlockHash = "prev_block_hash"
        case innerRestHash = "inner_rest_hash"
        case innerLite = "inner_lite"
    }
}

extension LightClientBlockLite: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(prevBlockHash)
        writer.write(innerRestHash)
        writer.write(innerLite)
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        prevBlockHash = try reader.read()
        innerRestHash = try reader.read()
        innerLite = try reader.read()
    }
}
