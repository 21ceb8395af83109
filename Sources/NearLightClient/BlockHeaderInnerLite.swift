/// nearcore's `BlockHeaderInnerLite`: the part of a header a light client keeps.
///
/// Its borsh encoding (208 bytes) is hashed into the block hash, so field order and widths are
/// exactly nearcore's. JSON (`BlockHeaderInnerLiteView`) carries `timestamp` as a number and
/// `timestamp_nanosec` as a string; the string is preferred because it is always exact.
public struct BlockHeaderInnerLite: Hashable, Sendable {
    public var height: UInt64
    public var epochId: CryptoHash
    public var nextEpochId: CryptoHash
    public var prevStateRoot: CryptoHash
    public var outcomeRoot: CryptoHash
    /// Nanoseconds since the Unix epoch.
    public var timestamp: UInt64
    public var nextBpHash: CryptoHash
    public var blockMerkleRoot: CryptoHash

    public init(
        height: UInt64, epochId: CryptoHash, nextEpochId: CryptoHash, prevStateRoot: CryptoHash,
        outcomeRoot: CryptoHash, timestamp: UInt64, nextBpHash: CryptoHash, blockMerkleRoot: CryptoHash
    ) {
        self.height = height
        self.epochId = epochId
        self.nextEpochId = nextEpochId
        self.prevStateRoot = prevStateRoot
        self.outcomeRoot = outcomeRoot
        self.timestamp = timestamp
        self.nextBpHash = nextBpHash
        self.blockMerkleRoot = blockMerkleRoot
    }

    /// SHA-256 of the 208-byte borsh encoding: the first input of the block hash.
    public var hash: CryptoHash {
        var writer = BorshWriter(capacity: 208)
        encode(to: &writer)
        return CryptoHash.hash(writer.bytes)
    }
}

extension BlockHeaderInnerLite: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(height)
        writer.write(epochId)
        writer.write(nextEpochId)
        writer.write(prevStateRoot)
        writer.write(outcomeRoot)
        writer.write(timestamp)
        writer.write(nextBpHash)
        writer.write(blockMerkleRoot)
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        height = try reader.readU64("height")
        epochId = try reader.read()
        nextEpochId = try reader.read()
        prevStateRoot = try reader.read()
        outcomeRoot = try reader.read()
        timestamp = try reader.readU64("timestamp")
        nextBpHash = try reader.read()
        blockMerkleRoot = try reader.read()
    }
}

extension BlockHeaderInnerLite: Codable {
    enum CodingKeys: String, CodingKey {
        case height
        case epochId = "epoch_id"
        case nextEpochId = "next_epoch_id"
        case prevStateRoot = "prev_state_root"
        case outcomeRoot = "outcome_root"
        case timestamp
        case timestampNanosec = "timestamp_nanosec"
        case nextBpHash = "next_bp_hash"
        case blockMerkleRoot = "block_merkle_root"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        height = try c.decodeNearU64(forKey: .height)
        epochId = try c.decode(CryptoHash.self, forKey: .epochId)
        nextEpochId = try c.decode(CryptoHash.self, forKey: .nextEpochId)
        prevStateRoot = try c.decode(CryptoHash.self, forKey: .prevStateRoot)
        outcomeRoot = try c.decode(CryptoHash.self, forKey: .outcomeRoot)
        timestamp = try c.contains(.timestampNanosec)
            ? c.decodeNearU64(forKey: .timestampNanosec) : c.decodeNearU64(forKey: .timestamp)
        nextBpHash = try c.decode(CryptoHash.self, forKey: .nextBpHash)
        blockMerkleRoot = try c.decode(CryptoHash.self, forKey: .blockMerkleRoot)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(height, forKey: .height)
        try c.encode(epochId, forKey: .epochId)
        try c.encode(nextEpochId, forKey: .nextEpochId)
        try c.encode(prevStateRoot, forKey: .prevStateRoot)
        try c.encode(outcomeRoot, forKey: .outcomeRoot)
        try c.encode(timestamp, forKey: .timestamp)
        try c.encode(String(timestamp), forKey: .timestampNanosec)
        try c.encode(nextBpHash, forKey: .nextBpHash)
        try c.encode(blockMerkleRoot, forKey: .blockMerkleRoot)
    }
}
