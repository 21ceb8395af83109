import DCMLClient
import Foundation
import NearLightClient
import Testing

@Suite struct ChainProverTests {
    @Test func provesATransferAndItsReceiptAcrossEpochs() async throws {
        try await ChainDevnet.run { devnet in
            var signer = try devnet.signer()
            let sent = try await signer.transfer(42, to: "node3.near")
            var prover = try await NearProver.trustingGenesis(rpc: devnet.rpc)
            let proven = try await prover.proveTransaction(sent.transactionHash, sender: "test.near")
            #expect(proven.transaction.id == sent.transactionHash)
            #expect(proven.transaction.executorId == "test.near")
            #expect(proven.transaction.receiptIds == sent.transactionOutcome.outcome.receiptIds)
            #expect(proven.receipts.map(\.executorId) == ["node3.near"])
            #expect(proven.finalStatus == .successValue([]))
            #expect(proven.transaction.blockHeight < proven.headHeight)
            // The head is a block the light client validated, not one the node merely named.
            #expect(prover.state.headHash == proven.headHash)

            // Later proofs reuse the head and only move it forward.
            let next = try await signer.transfer(1, to: "node3.near")
            let second = try await prover.proveTransaction(next.transactionHash, sender: "test.near")
            #expect(second.headHeight >= proven.headHeight)
        }
    }

    @Test func wrongProducersFailTheApprovalCheck() async throws {
        try await ChainDevnet.run { devnet in
            let genesis = try await devnet.rpc.block(.height(0))
            let impostors = (0..<4).map { ValidatorStake(accountId: "node\($0).near", publicKey: SecretKey.generate().publicKey, stake: 50_000 * ChainDevnet.oneNear) }
            var known: [CryptoHash: [ValidatorStake]] = [:]
            known[genesis.innerLite.epochId] = impostors
            known[genesis.innerLite.nextEpochId] = impostors
            var prover = NearProver(rpc: devnet.rpc, state: LightClientState(head: genesis.innerLite, headHash: genesis.hash, blockProducers: known))
            try await Task.sleep(for: .milliseconds(300))
            let error = await #expect(throws: NearProofError.self) { try await prover.sync() }
            guard case .lightClient(_, .invalidApproval)? = error else { Issue.record("expected an approval failure, got \(String(describing: error))"); return }
            #expect("\(error!)".contains("approval check failed"))
        }
    }

    @Test func unknownTransactionIsNotProvable() async throws {
        try await ChainDevnet.run { devnet in
            var prover = try await NearProver.trustingGenesis(rpc: devnet.rpc)
            let missing = CryptoHash.hash([7])
            let error = await #expect(throws: NearProofError.self) {
                try await prover.proveTransaction(missing, sender: "test.near", wait: .milliseconds(300))
            }
            guard case .notYetProvable(missing, _, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        }
    }
}
