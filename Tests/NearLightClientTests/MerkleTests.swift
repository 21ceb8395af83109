import Testing
@testable import NearLightClient

@Suite struct MerkleTests {
    func leaves(_ count: Int) -> [CryptoHash] {
        (0..<count).map { CryptoHash.hash([UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)]) }
    }

    /// Every path from `merklize` leads from its leaf to the root, and no other leaf's does.
    @Test(arguments: Array(1...40) + [64, 100])
    func pathsLeadToRoot(count: Int) {
        let leaves = leaves(count)
        let (root, paths) = MerklePath.merklize(leafHashes: leaves)
        #expect(paths.count == count)
        for (index, path) in paths.enumerated() {
            #expect(path.computeRoot(leafHash: leaves[index]) == root)
            if count > 1 {
                #expect(path.computeRoot(leafHash: leaves[(index + 1) % count]) != root)
            }
        }
    }

    /// Over raw hashes, merklize's root is the PartialMerkleTree root (the block Merkle root),
    /// so the devnet can serve block proofs from it.
    @Test func partialTreeRootMatchesMerklize() {
        var tree = PartialMerkleTree()
        #expect(tree.root == .zero)
        let all = leaves(70)
        for count in 1...70 {
            tree.insert(all[count - 1])
            #expect(tree.root == MerklePath.merklize(leafHashes: Array(all.prefix(count))).root, "n = \(count)")
        }
        #expect(tree.size == 70)
        #expect(tree.path.count == 3)  // 70 = 64 + 4 + 2
        #expect((try? PartialMerkleTree(borsh: tree.borshBytes)) == tree)
    }

    @Test func smallTreesByHand() {
        let l = leaves(3)
        let (root, paths) = MerklePath.merklize(leafHashes: l)
        #expect(root == CryptoHash.combine(CryptoHash.combine(l[0], l[1]), l[2]))
        #expect(paths[0] == [MerklePathItem(hash: l[1], direction: .right), MerklePathItem(hash: l[2], direction: .right)])
        #expect(paths[1] == [MerklePathItem(hash: l[0], direction: .left), MerklePathItem(hash: l[2], direction: .right)])
        #expect(paths[2] == [MerklePathItem(hash: CryptoHash.combine(l[0], l[1]), direction: .left)])
        #expect(MerklePath.merklize(leafHashes: []).root == .zero)
        let single = MerklePath.merklize(leafHashes: [l[0]])
        #expect(single.root == l[0] && single.paths == [MerklePath()])
    }

    /// Outcome trees built the devnet way verify through LightClientExecutionProof.
    @Test func producedOutcomeProofVerifies() throws {
        var outcomes: [ExecutionOutcomeWithId] = []
        for i in 0..<5 {
            let status: ExecutionStatus = i == 3 ? .failure(.object(["ActionError": .string("x")])) : .successValue([UInt8(i)])
            let outcome = ExecutionOutcome(
                logs: i % 2 == 0 ? ["log \(i)"] : [], receiptIds: [CryptoHash.hash([9, UInt8(i)])],
                gasBurnt: 2_428_000_000_000, tokensBurnt: 242_800_000_000_000_000_000, executorId: "a\(i).test",
                status: status)
            outcomes.append(ExecutionOutcomeWithId(id: CryptoHash.hash([UInt8(i)]), outcome: outcome))
        }
        let (shardRoot, outcomePaths) = ExecutionOutcomeWithId.merklize(outcomes)
        let otherShard = CryptoHash.hash([42])
        let (outcomeRoot, rootPaths) = ExecutionOutcomeWithId.blockOutcomeRoot(shardRoots: [shardRoot, otherShard])
        let inner = BlockHeaderInnerLite(
            height: 5, epochId: .zero, nextEpochId: .zero, prevStateRoot: .zero, outcomeRoot: outcomeRoot,
            timestamp: 1_700_000_000_000_000_000, nextBpHash: .zero, blockMerkleRoot: .zero)
        let header = LightClientBlockLite(prevBlockHash: CryptoHash.hash([4]), innerRestHash: CryptoHash.hash([5]), innerLite: inner)
        let blockHashes = leaves(6) + [header.hash] + leaves(3)
        let (blockMerkleRoot, blockPaths) = MerklePath.merklize(leafHashes: blockHashes)
        for (index, item) in outcomes.enumerated() {
            let proof = LightClientExecutionProof(
                outcomeProof: ExecutionOutcomeProof(proof: outcomePaths[index], blockHash: header.hash, id: item.id, outcome: item.outcome),
                outcomeRootProof: rootPaths[0], blockHeaderLite: header, blockProof: blockPaths[6])
            let result = try proof.verify(blockMerkleRoot: blockMerkleRoot)
            #expect(result.shardOutcomeRoot == shardRoot)
        }
    }
}
