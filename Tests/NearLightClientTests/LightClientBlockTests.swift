import Foundation
import Testing
@testable import NearLightClient

@Suite struct LightClientBlockTests {
    static let totalStake: UInt128 = 512_915_271_547_861_520_119_028_536_348_929
    static let approvedStake: UInt128 = 345_140_782_903_867_823_005_444_871_054_881

    func headAndNext() throws -> (LightClientState, LightClientBlock) {
        let head = try Vectors.block("light-client-blocks/main_0.json")
        let next = try Vectors.block("light-client-blocks/main_1.json")
        return (LightClientState(trusting: head), next)
    }

    @Test func blockHashesMatchReadme() throws {
        let head = try Vectors.block("light-client-blocks/main_0.json")
        let next = try Vectors.block("light-client-blocks/main_1.json")
        #expect(head.hash.base58 == "B35Jn6mLXACRcsf6PATMixqgzqJZd71JaNh1LScJjFuJ")
        #expect(next.hash.base58 == "Doy7Y7aVMgN8YhdAseGBMHNmYoqzWsXszqJ7MFLNMcQ7")
    }

    @Test func epochCrossingBlockValidates() throws {
        var (state, next) = try headAndNext()
        let result = try state.advance(to: next)
        #expect(result.totalStake == Self.totalStake)
        #expect(result.approvedStake == Self.approvedStake)
        #expect(result.approvedStake * 3 > result.totalStake * 2)
        #expect(result.checkedNextBlockProducers)
        #expect(ValidatorStake.hash(of: try #require(next.nextBlockProducers)) == next.innerLite.nextBpHash)
        #expect(state.head == next.innerLite)
        #expect(state.headHash.base58 == "Doy7Y7aVMgN8YhdAseGBMHNmYoqzWsXszqJ7MFLNMcQ7")
        #expect(state.blockProducers[next.innerLite.nextEpochId] == next.nextBlockProducers)
    }

    @Test func rpcEnvelopeDecodesAndHashesItsProducers() throws {
        let block = try Vectors.block("light-client-blocks/rpc_result.json")
        let producers = try #require(block.nextBlockProducers)
        #expect(ValidatorStake.hash(of: producers) == block.innerLite.nextBpHash)
        #expect(block.innerLite.height == 134_450_926)
    }

    @Test func everyApprovalSignatureIsChecked() throws {
        let (state, original) = try headAndNext()
        let signed = original.approvalsAfterNext.indices.filter { original.approvalsAfterNext[$0] != nil }
        #expect(signed.count > 10)
        for index in signed.prefix(25) {
            var block = original
            var bytes = try #require(block.approvalsAfterNext[index]).bytes
            bytes[index % 64] ^= 0x01
            block.approvalsAfterNext[index] = try Signature(ed25519: bytes)
            #expect {
                _ = try state.validate(block)
            } throws: { error in
                guard case LightClientError.invalidApproval(let failed, _) = error else { return false }
                return failed == index
            }
        }
    }

    @Test func tamperedHeaderBreaksApprovals() throws {
        let (state, original) = try headAndNext()
        var variants: [LightClientBlock] = []
        func variant(_ change: (inout LightClientBlock) -> Void) {
            var copy = original
            change(&copy)
            variants.append(copy)
        }
        variant { $0.prevBlockHash = $0.prevBlockHash.flipping(bit: 0) }
        variant { $0.nextBlockInnerHash = $0.nextBlockInnerHash.flipping(bit: 1) }
        variant { $0.innerRestHash = $0.innerRestHash.flipping(bit: 2) }
        variant { $0.innerLite.height += 1 }
        variant { $0.innerLite.timestamp += 1 }
        variant { $0.innerLite.outcomeRoot = $0.innerLite.outcomeRoot.flipping(bit: 3) }
        variant { $0.innerLite.prevStateRoot = $0.innerLite.prevStateRoot.flipping(bit: 4) }
        variant { $0.innerLite.blockMerkleRoot = $0.innerLite.blockMerkleRoot.flipping(bit: 5) }
        variant { $0.innerLite.nextBpHash = $0.innerLite.nextBpHash.flipping(bit: 6) }
        variant { $0.innerLite.nextEpochId = $0.innerLite.nextEpochId.flipping(bit: 7) }
        for (index, block) in variants.enumerated() {
            #expect(throws: LightClientError.self, "variant \(index)") { _ = try state.validate(block) }
        }
    }

    @Test func nextProducersMustMatchTheirHash() throws {
        let (state, original) = try headAndNext()
        var block = original
        block.nextBlockProducers![0].stake += 1
        #expect {
            _ = try state.validate(block)
        } throws: { error in
            guard case LightClientError.nextBlockProducersHashMismatch = error else { return false }
            return "\(error)".contains("next_bp_hash check failed")
        }
        block = original
        block.nextBlockProducers = nil
        #expect(throws: LightClientError.missingNextBlockProducers(epoch: original.innerLite.epochId)) {
            _ = try state.validate(block)
        }
    }

    @Test func notEnoughStakeFails() throws {
        let (state, original) = try headAndNext()
        var block = original
        // Drop approvals from the front until approved stake is at most 2/3; the signatures
        // left stay valid, so only the stake check can fail.
        let producers = try #require(state.blockProducers[original.innerLite.epochId])
        var approved = Self.approvedStake
        var index = 0
        while approved * 3 > Self.totalStake * 2 {
            if block.approvalsAfterNext[index] != nil {
                block.approvalsAfterNext[index] = nil
                approved -= producers[index].stake
            }
            index += 1
        }
        #expect(throws: LightClientError.insufficientStake(approved: approved, total: Self.totalStake)) {
            _ = try state.validate(block)
        }
        let message = LightClientError.insufficientStake(approved: 12, total: 30).description
        #expect(message == "stake check failed: approved stake 12 is not more than 2/3 of total stake 30")
    }

    @Test func heightAndEpochRules() throws {
        let head = try Vectors.block("light-client-blocks/main_0.json")
        let next = try Vectors.block("light-client-blocks/main_1.json")
        let state = LightClientState(trusting: head)
        // The head itself is not ahead of the head.
        #expect(throws: LightClientError.heightNotAhead(height: head.innerLite.height, headHeight: head.innerLite.height)) {
            _ = try state.validate(head)
        }
        var stranger = next
        stranger.innerLite.epochId = stranger.innerLite.epochId.flipping(bit: 0)
        #expect {
            _ = try state.validate(stranger)
        } throws: { error in
            guard case LightClientError.unknownEpoch = error else { return false }
            return true
        }
        // Producers for the head's own epoch are unknown when trusting only main_0.
        var sameEpoch = next
        sameEpoch.innerLite.epochId = head.innerLite.epochId
        #expect(throws: LightClientError.noBlockProducers(epoch: head.innerLite.epochId)) {
            _ = try state.validate(sameEpoch)
        }
    }

    @Test func jsonAndBorshRoundTrip() throws {
        let block = try Vectors.block("light-client-blocks/main_1.json")
        let encoded = try JSONEncoder().encode(block)
        #expect(try JSONDecoder().decode(LightClientBlock.self, from: encoded) == block)
        for producer in try #require(block.nextBlockProducers) {
            #expect(try ValidatorStake(borsh: producer.borshBytes) == producer)
        }
        let lite = block.lite
        #expect(try LightClientBlockLite(borsh: lite.borshBytes) == lite)
    }

    @Test func approvalMessageLayout() throws {
        let block = try Vectors.block("light-client-blocks/main_1.json")
        let message = block.approvalMessage
        #expect(message.count == 41)
        #expect(message[0] == 0)
        #expect(Array(message[1..<33]) == block.nextBlockHash.bytes)
        #expect(Array(message[33...]) == withUnsafeBytes(of: (block.innerLite.height + 2).littleEndian) { Array($0) })
    }

    /// A block produced locally (as the devnet will) with approvals signed by our own keys
    /// validates with the same code.
    @Test func producedBlockValidates() throws {
        let keys = (0..<4).map { _ in SecretKey.generate() }
        let producers = keys.enumerated().map { ValidatorStake(accountId: "bp\($0.offset).test", publicKey: $0.element.publicKey, stake: 100) }
        let epoch = CryptoHash.hash(Array("epoch-1".utf8))
        let nextEpoch = CryptoHash.hash(Array("epoch-2".utf8))
        let headInner = BlockHeaderInnerLite(
            height: 10, epochId: epoch, nextEpochId: nextEpoch, prevStateRoot: .zero, outcomeRoot: .zero,
            timestamp: 1, nextBpHash: ValidatorStake.hash(of: producers), blockMerkleRoot: .zero)
        let state = LightClientState(head: headInner, headHash: .zero, blockProducers: [epoch: producers])
        var block = LightClientBlock(
            prevBlockHash: .zero, nextBlockInnerHash: CryptoHash.hash([1]),
            innerLite: BlockHeaderInnerLite(
                height: 11, epochId: epoch, nextEpochId: nextEpoch, prevStateRoot: .zero, outcomeRoot: .zero,
                timestamp: 2, nextBpHash: ValidatorStake.hash(of: producers), blockMerkleRoot: .zero),
            innerRestHash: .zero, nextBlockProducers: nil, approvalsAfterNext: [])
        let message = block.approvalMessage
        block.approvalsAfterNext = try keys.prefix(3).map { try $0.sign(message) } + [nil]
        let result = try state.validate(block)
        #expect(result.approvedStake == 300 && result.totalStake == 400)
        block.approvalsAfterNext = try keys.prefix(2).map { try $0.sign(message) } + [nil, nil]
        #expect(throws: LightClientError.insufficientStake(approved: 200, total: 400)) { _ = try state.validate(block) }
    }
}
