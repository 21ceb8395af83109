import NearLightClient

/// A devnet block header: NEAR's `BlockHeaderInnerLite` (what light clients check), the
/// devnet's inner rest, and the previous block's hash. Its hash is nearcore's:
/// combine(combine(sha256(inner_lite), inner_rest_hash), prev_hash).
public struct BlockHeader: Hashable, Sendable {
    public var prevHash: CryptoHash
    public var innerLite: BlockHeaderInnerLite
    public var innerRest: BlockHeaderInnerRest
    /// Cached: computed once at creation or decode.
    public let hash: CryptoHash
    public let innerRestHash: CryptoHash

    public init(prevHash: CryptoHash, innerLite: BlockHeaderInnerLite, innerRest: BlockHeaderInnerRest) {
        self.prevHash = prevHash
        self.innerLite = innerLite
        self.innerRest = innerRest
        innerRestHash = innerRest.hash
        hash = LightClientBlockLite.blockHash(innerLiteHash: innerLite.hash, innerRestHash: innerRestHash, prevBlockHash: prevHash)
    }

    public var height: UInt64 { innerLite.height }

    /// combine(sha256(inner_lite), inner_rest_hash): the `next_block_inner_hash` a light-client
    /// block carries for its successor.
    public var innerHash: CryptoHash { CryptoHash.combine(innerLite.hash, innerRestHash) }

    public var lite: LightClientBlockLite {
        LightClientBlockLite(prevBlockHash: prevHash, innerRestHash: innerRestHash, innerLite: innerLite)
    }
}

extension BlockHeader: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(prevHash)
        writer.write(innerLite)
        writer.write(innerRest)
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        self.init(prevHash: try reader.read(), innerLite: try reader.read(), innerRest: try reader.read())
    }
}
