/// nearcore's `MerklePath`: the sibling hashes from a leaf up to the root.
///
/// NEAR uses it for outcome proofs (leaf = SHA-256 of the borsh item) and for block proofs (leaf =
/// the block hash itself, against a header's `block_merkle_root`). JSON: an array of
/// `{"hash", "direction"}`.
public struct MerklePath: Hashable, Sendable, Codable, ExpressibleByArrayLiteral {
    public var items: [MerklePathItem]

    public init(_ items: [MerklePathItem] = []) { self.items = items }
    public init(arrayLiteral elements: MerklePathItem...) { items = elements }

    public init(from decoder: Decoder) throws {
        items = try decoder.singleValueContainer().decode([MerklePathItem].self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(items)
    }

    /// The root reached from `leafHash` (nearcore's `compute_root_from_path`).
    public func computeRoot(leafHash: CryptoHash) -> CryptoHash {
        var node = leafHash
        for item in items {
            switch item.direction {
            case .left: node = CryptoHash.combine(item.hash, node)
            case .right: node = CryptoHash.combine(node, item.hash)
            }
        }
        return node
    }

    /// Builds the root and one path per leaf the way nearcore's `merklize` does: adjacent nodes
    /// are combined level by level and a lone last node moves up unchanged. The leaves are
    /// already hashed; for nearcore's `merklize(items)` pass `items.map(CryptoHash.hashBorsh)`.
    /// Over raw block hashes the root equals nearcore's `PartialMerkleTree` root, so this also
    /// builds block proofs.
    public static func merklize(leafHashes: [CryptoHash]) -> (root: CryptoHash, paths: [MerklePath]) {
        guard !leafHashes.isEmpty else { return (.zero, []) }
        var level = leafHashes
        var paths = [[MerklePathItem]](repeating: [], count: leafHashes.count)
        var shift = 0
        while level.count > 1 {
            for leaf in 0..<leafHashes.count {
                let node = leaf >> shift
                let sibling = node ^ 1
                if sibling < level.count {
                    paths[leaf].append(MerklePathItem(hash: level[sibling], direction: node & 1 == 0 ? .right : .left))
                }
            }
            var next: [CryptoHash] = []
            next.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i < level.count {
                next.append(i + 1 < level.count ? CryptoHash.combine(level[i], level[i + 1]) : level[i])
                i += 2
            }
            level = next
            shift += 1
        }
        return (level[0], paths.map(MerklePath.init))
    }

    /// nearcore's `merklize` over borsh-encodable items (leaf = SHA-256 of the item's borsh).
    public static func merklize<T: BorshEncodable>(_ items: [T]) -> (root: CryptoHash, paths: [MerklePath]) {
        merklize(leafHashes: items.map { CryptoHash.hashBorsh($0) })
    }
}

extension MerklePath: BorshCodable {
    public func encode(to writer: inout BorshWriter) { writer.write(items) }

    public init(from reader: inout BorshReader) throws(BorshError) {
        items = try reader.readArray("merkle path", minimumElementSize: 33) { (r: inout BorshReader) throws(BorshError) in
            try r.read(MerklePathItem.self)
        }
    }
}
