import Foundation
import NearLightClient
import Testing
@testable import Devnet

/// The devnet's light-client structures must verify with the same verifier as mainnet's.
@Suite struct LightClientRoundTripTests {
    @Test func clientFollowsTheChainAcrossEpochsAndVerifiesAProof() async throws {
        let t = try TestChain(epochLength: 5)
        var hashes: [CryptoHash] = []
        for nonce in 1...4 {
            let location = try await t.execute(try await t.transaction(nonce: UInt64(nonce), to: "node1.near", [.transfer(deposit: UInt128(nonce))]))
            hashes.append(location.execution.transactionOutcome.id)
        }
        try await t.chain.produceBlocks(14)

        // Start from genesis, trusted, and walk forward with next_light_client_block.
        let genesisBlock = try require(await t.chain.lightClientBlock(height: 0))
        var client = LightClientState(trusting: genesisBlock, currentBlockProducers: t.chain.blockProducers)
        var steps = 0
        var epochs = Set<CryptoHash>()
        while let next = try await t.chain.nextLightClientBlock(after: client.headHash) {
            let validation = try client.advance(to: next)
            #expect(validation.approvedStake * 3 > validation.totalStake * 2)
            epochs.insert(next.innerLite.epochId)
            steps += 1
            #expect(steps < 20)
        }
        #expect(epochs.count >= 3, "crossed epochs: \(epochs.count)")
        #expect(client.head.height == (await t.chain.head.height) - 2)

        // Every transaction proves against the light client's head.
        for hash in hashes {
            let proof = try await t.chain.lightClientProof(.transaction(hash: hash, senderId: "test.near"), head: client.headHash)
            let result = try proof.verify(blockMerkleRoot: client.head.blockMerkleRoot)
            #expect(result.blockHash == proof.outcomeProof.blockHash)
            // A flipped bit anywhere breaks it.
            var tampered = proof
            tampered.outcomeProof.outcome.gasBurnt += 1
            #expect(throws: LightClientError.self) { try tampered.verify(blockMerkleRoot: client.head.blockMerkleRoot) }
        }
        // Receipt proofs too.
        let location = try require(try await t.chain.transaction(hashes[0]))
        let receiptProof = try await t.chain.lightClientProof(.receipt(id: location.execution.receiptId, receiverId: "node1.near"), head: client.headHash)
        _ = try receiptProof.verify(blockMerkleRoot: client.head.blockMerkleRoot)
    }

    @Test func tamperedApprovalIsRejected() async throws {
        let t = try TestChain(epochLength: 5)
        try await t.chain.produceBlocks(4)
        let genesisBlock = try require(await t.chain.lightClientBlock(height: 0))
        let client = LightClientState(trusting: genesisBlock, currentBlockProducers: t.chain.blockProducers)
        var next = try require(try await t.chain.nextLightClientBlock(after: client.headHash))
        _ = try client.validate(next)
        next.approvalsAfterNext[0] = next.approvalsAfterNext[1]
        #expect(throws: LightClientError.self) { try client.validate(next) }
    }
}
