import NearLightClient
import Testing
@testable import Devnet

/// The forest must give exactly nearcore's tree: the same roots as `PartialMerkleTree` and the
/// same paths as `MerklePath.merklize`, for every size and every leaf.
@Suite struct BlockMerkleForestTests {
    @Test func rootsAndPathsMatchNearcoresTree() {
        let leaves = (0..<37).map { CryptoHash.hash([UInt8($0)]) }
        var forest = BlockMerkleForest()
        var partial = PartialMerkleTree()
        #expect(forest.root(size: 0) == partial.root)
        for leaf in leaves {
            forest.append(leaf)
            partial.insert(leaf)
        }
        for size in 1...leaves.count {
            let (root, paths) = MerklePath.merklize(leafHashes: Array(leaves[0..<size]))
            var prefix = PartialMerkleTree()
            for leaf in leaves[0..<size] { prefix.insert(leaf) }
            #expect(forest.root(size: size) == root, "root of \(size)")
            #expect(prefix.root == root, "partial tree root of \(size)")
            for index in 0..<size {
                let path = forest.path(leaf: index, size: size)
                #expect(path == paths[index], "path of leaf \(index) of \(size)")
                #expect(path.computeRoot(leafHash: leaves[index]) == root)
            }
        }
    }
}
