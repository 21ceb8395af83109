import NearLightClient

/// The block a transaction runs in, as its receipts and contracts see it.
public struct BlockContext: Sendable {
    public var height: UInt64
    public var timestamp: UInt64
    public var prevBlockHash: CryptoHash
    public var epochHeight: UInt64

    public init(height: UInt64, timestamp: UInt64, prevBlockHash: CryptoHash, epochHeight: UInt64) {
        self.height = height
        self.timestamp = timestamp
        self.prevBlockHash = prevBlockHash
        self.epochHeight = epochHeight
    }

    /// `random_seed`: the same for every call in the block and unknown before the previous
    /// block exists (NEAR derives it from the block producer's VRF; the devnet has no VRF).
    public var randomSeed: [UInt8] { CryptoHash.hash(prevBlockHash.bytes + Array("random_seed".utf8)).bytes }

    /// The id of a receipt created by `parent` (a transaction hash or a receipt id), the
    /// `index`-th it created in this block: unique per parent and block, as NEAR's are.
    public func receiptId(parent: CryptoHash, index: UInt64) -> CryptoHash {
        var writer = BorshWriter(capacity: 80)
        writer.write(parent)
        writer.write(prevBlockHash)
        writer.write(index)
        return CryptoHash.hash(writer.bytes)
    }
}
