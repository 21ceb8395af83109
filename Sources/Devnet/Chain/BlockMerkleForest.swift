import NearLightClient

/// Every level of the append-only Merkle tree over all block hashes, so a block proof against
/// any later header's `block_merkle_root` costs O(log² n) hashes instead of rebuilding the tree.
///
/// The tree over the first `n` leaves is nearcore's: adjacent nodes combine level by level and a
/// lone last node moves up unchanged — the same root as `PartialMerkleTree` and the same paths
/// as `MerklePath.merklize(leafHashes:)`.
public struct BlockMerkleForest: Sendable {
    /// levels[0] = leaves; levels[k][i] = root of the complete subtree of leaves [i·2^k, (i+1)·2^k).
    private var levels: [[CryptoHash]] = [[]]

    public init() {}

    public var count: Int { levels[0].count }

    public mutating func append(_ leaf: CryptoHash) {
        levels[0].append(leaf)
        var level = 0
        while levels[level].count % 2 == 0 {
            let nodes = levels[level]
            let parent = CryptoHash.combine(nodes[nodes.count - 2], nodes[nodes.count - 1])
            if level + 1 == levels.count { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
        }
    }

    /// Root of the tree over the first `size` leaves (zero when empty): the `block_merkle_root`
    /// of the block at height `size` when leaves are block hashes from genesis on.
    public func root(size: Int) -> CryptoHash {
        guard size > 0 else { return .zero }
        var level = 0
        while (1 << level) < size { level += 1 }
        return node(level: level, index: 0, size: size)
    }

    /// The path of leaf `index` in the tree over the first `size` leaves.
    public func path(leaf index: Int, size: Int) -> MerklePath {
        precondition(index < size && size <= count, "leaf \(index) of \(size) with \(count) leaves")
        var items: [MerklePathItem] = []
        var node = index
        var width = size
        var level = 0
        while width > 1 {
            let sibling = node ^ 1
            if sibling < width {
                items.append(MerklePathItem(
                    hash: self.node(level: level, index: sibling, size: size),
                    direction: node & 1 == 0 ? .right : .left))
            }
            node >>= 1
            width = (width + 1) / 2
            level += 1
        }
        return MerklePath(items)
    }

    /// The node at `level`, `index` of the tree over the first `size` leaves: stored when its
    /// subtree is complete, otherwise built from its children (only the right spine is partial).
    private func node(level: Int, index: Int, size: Int) -> CryptoHash {
        if (index + 1) << level <= size { return levels[level][index] }
        let left = index * 2
        let childWidth = (size + (1 << (level - 1)) - 1) >> (level - 1)
        if left + 1 < childWidth {
            return CryptoHash.combine(node(level: level - 1, index: left, size: size), node(level: level - 1, index: left + 1, size: size))
        }
        return node(level: level - 1, index: left, size: size)
    }
}
