/// One step of a Merkle path: the sibling's hash and the side it is on.
public struct MerklePathItem: Hashable, Sendable, Codable {
    public var hash: CryptoHash
    public var direction: MerkleDirection

    public init(hash: CryptoHash, direction: MerkleDirection) {
        self.hash = hash
        self.direction = direction
    }
}

extension MerklePathItem: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(hash)
        writer.write(direction == .left ? UInt8(0) : UInt8(1))
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        hash = try reader.read()
        switch try reader.readU8("merkle direction") {
        case 0: direction = .left
        case 1: direction = .right
        case let tag: throw .invalidEnumTag(type: "Direction", tag: tag)
        }
    }
}
