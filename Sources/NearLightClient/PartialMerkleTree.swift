/// nearcore's `PartialMerkleTree`: the append-only tree of block hashes whose root is each
/// header's `block_merkle_root` (the tree of all blocks before it). Keeps only the roots of the
/// perfect subtrees, so appending is O(log n) and the state is tiny.
public struct PartialMerkleTree: Hashable, Sendable {
    public private(set) var path: [CryptoHash] = []
    public private(set) var size: UInt64 = 0

    public init() {}

    public init(path: [CryptoHash], size: UInt64) {
        self.path = path
        self.size = size
    }

    /// The root: subtree roots folded from the smallest (rightmost) to the largest.
    public var root: CryptoHash {
        guard var node = path.last else { return .zero }
        for sibling in path.dropLast().reversed() { node = CryptoHash.combine(sibling, node) }
        return node
    }

    public mutating func insert(_ leaf: CryptoHash) {
        var node = leaf
        var s = size
        while s % 2 == 1, let last = path.popLast() {
            node = CryptoHash.combine(last, node)
            s /= 2
        }
        path.append(node)
        size += 1
    }
}

extension PartialMerkleTree: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(path)
        writer.write(size)
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        path = try reader.readArray("partial merkle tree path", minimumElementSize: 32) { (r: inout BorshReader) throws(BorshError) in
            try r.read(CryptoHash.self)
        }
        size = try reader.readU64("partial merkle tree size")
    }
}
