import Foundation
import Testing
@testable import NearLightClient

@Suite struct ExecutionProofTests {
    @Test(arguments: Vectors.proofs.map(\.file))
    func vectorVerifies(file: String) throws {
        let entry = try #require(Vectors.proofs.first { $0.file == file })
        let proof = try Vectors.proof(file)
        let result = try proof.verify(blockMerkleRoot: CryptoHash(hex: entry.root))
        #expect(result.blockHash.base58 == entry.blockHash)
        #expect(result.outcomeRoot == proof.blockHeaderLite.innerLite.outcomeRoot)
        #expect(result.blockMerkleRoot.hex == entry.root)
    }

    @Test(arguments: Vectors.proofs.map(\.file))
    func wrongHeadRootFails(file: String) throws {
        let entry = try #require(Vectors.proofs.first { $0.file == file })
        let proof = try Vectors.proof(file)
        let root = try CryptoHash(hex: entry.root)
        for bit in [0, 7, 100, 255] {
            #expect(throws: LightClientError.self) { try proof.verify(blockMerkleRoot: root.flipping(bit: bit)) }
        }
    }

    /// Every hash in every path, flipped in one bit, and every direction reversed, must fail.
    @Test(arguments: Vectors.proofs.map(\.file))
    func tamperedPathsFail(file: String) throws {
        let entry = try #require(Vectors.proofs.first { $0.file == file })
        let original = try Vectors.proof(file)
        let root = try CryptoHash(hex: entry.root)
        var variants: [LightClientExecutionProof] = []
        let paths: [WritableKeyPath<LightClientExecutionProof, MerklePath>] = [
            \.outcomeProof.proof, \.outcomeRootProof, \.blockProof,
        ]
        for path in paths {
            for index in original[keyPath: path].items.indices {
                var flipped = original
                flipped[keyPath: path].items[index].hash = original[keyPath: path].items[index].hash.flipping(bit: index * 37)
                variants.append(flipped)
                var turned = original
                turned[keyPath: path].items[index].direction =
                    original[keyPath: path].items[index].direction == .left ? .right : .left
                variants.append(turned)
            }
            if !original[keyPath: path].items.isEmpty {
                var dropped = original
                dropped[keyPath: path].items.removeLast()
                variants.append(dropped)
            }
        }
        #expect(!variants.isEmpty)
        for variant in variants {
            #expect(throws: LightClientError.self) { try variant.verify(blockMerkleRoot: root) }
        }
    }

    /// Changing anything hashed into the outcome leaf or the header must fail.
    @Test(arguments: Vectors.proofs.map(\.file))
    func tamperedOutcomeAndHeaderFail(file: String) throws {
        let entry = try #require(Vectors.proofs.first { $0.file == file })
        let original = try Vectors.proof(file)
        let root = try CryptoHash(hex: entry.root)
        var variants: [LightClientExecutionProof] = []
        func variant(_ change: (inout LightClientExecutionProof) -> Void) {
            var copy = original
            change(&copy)
            variants.append(copy)
        }
        variant { $0.outcomeProof.id = $0.outcomeProof.id.flipping(bit: 3) }
        variant { $0.outcomeProof.outcome.gasBurnt += 1 }
        variant { $0.outcomeProof.outcome.tokensBurnt += 1 }
        variant { $0.outcomeProof.outcome.executorId += "x" }
        variant { $0.outcomeProof.outcome.logs.append("forged log") }
        variant { $0.outcomeProof.outcome.receiptIds.append(.zero) }
        variant { $0.outcomeProof.outcome.status = .successValue([1]) }
        variant { $0.outcomeProof.outcome.status = .unknown }
        variant { $0.outcomeProof.blockHash = $0.outcomeProof.blockHash.flipping(bit: 9) }
        variant { $0.blockHeaderLite.prevBlockHash = $0.blockHeaderLite.prevBlockHash.flipping(bit: 1) }
        variant { $0.blockHeaderLite.innerRestHash = $0.blockHeaderLite.innerRestHash.flipping(bit: 2) }
        variant { $0.blockHeaderLite.innerLite.height += 1 }
        variant { $0.blockHeaderLite.innerLite.timestamp ^= 1 }
        variant { $0.blockHeaderLite.innerLite.epochId = $0.blockHeaderLite.innerLite.epochId.flipping(bit: 4) }
        variant { $0.blockHeaderLite.innerLite.nextEpochId = $0.blockHeaderLite.innerLite.nextEpochId.flipping(bit: 5) }
        variant { $0.blockHeaderLite.innerLite.prevStateRoot = $0.blockHeaderLite.innerLite.prevStateRoot.flipping(bit: 6) }
        variant { $0.blockHeaderLite.innerLite.outcomeRoot = $0.blockHeaderLite.innerLite.outcomeRoot.flipping(bit: 7) }
        variant { $0.blockHeaderLite.innerLite.nextBpHash = $0.blockHeaderLite.innerLite.nextBpHash.flipping(bit: 8) }
        variant { $0.blockHeaderLite.innerLite.blockMerkleRoot = $0.blockHeaderLite.innerLite.blockMerkleRoot.flipping(bit: 10) }
        for (index, variant) in variants.enumerated() {
            #expect(throws: LightClientError.self, "variant \(index)") { try variant.verify(blockMerkleRoot: root) }
        }
    }

    @Test func failureNamesTheCheck() throws {
        var proof = try Vectors.proof("execution-proofs/proof2.json")
        let root = try CryptoHash(hex: Vectors.proofs[0].root)
        proof.outcomeProof.outcome.gasBurnt += 1
        #expect {
            try proof.verify(blockMerkleRoot: root)
        } throws: { error in
            guard case LightClientError.outcomeRootMismatch = error else { return false }
            return "\(error)".contains("outcome root check failed")
        }
        let good = try Vectors.proof("execution-proofs/proof2.json")
        #expect {
            try good.verify(blockMerkleRoot: .zero)
        } throws: { error in
            guard case LightClientError.blockMerkleRootMismatch = error else { return false }
            return "\(error)".contains("block merkle root check failed") && "\(error)".contains(CryptoHash.zero.hex)
        }
    }

    /// The exact leaf bytes of the README: sha256(u32(2 + L) ‖ id ‖ sha256(partial) ‖ sha256(log)…).
    @Test func outcomeLeafLayout() throws {
        let proof = try Vectors.proof("light-client-blocks/old.json")
        let withId = proof.outcomeProof.outcomeWithId
        var bytes: [UInt8] = []
        bytes += withUnsafeBytes(of: UInt32(2 + withId.outcome.logs.count).littleEndian) { Array($0) }
        bytes += withId.id.bytes
        bytes += CryptoHash.hash(withId.outcome.partialBorsh).bytes
        for log in withId.outcome.logs { bytes += CryptoHash.hash(Array(log.utf8)).bytes }
        #expect(CryptoHash.hash(bytes) == withId.leafHash)
        #expect(!withId.outcome.logs.isEmpty)
    }

    /// Decoding the JSON, encoding it again and decoding that gives the same proof (what the
    /// devnet's RPC server will emit verifies with the same code).
    @Test(arguments: Vectors.proofs.map(\.file))
    func jsonRoundTrip(file: String) throws {
        let entry = try #require(Vectors.proofs.first { $0.file == file })
        let proof = try Vectors.proof(file)
        let encoded = try JSONEncoder().encode(proof)
        let again = try NearRPC.decodeResult(LightClientExecutionProof.self, from: encoded)
        #expect(again == proof)
        _ = try again.verify(blockMerkleRoot: CryptoHash(hex: entry.root))
    }

    @Test func acceptsEnvelopeAndReportsServerErrors() throws {
        let bare = try Vectors.data("execution-proofs/proof3.json")
        let envelope = Data(#"{"jsonrpc":"2.0","id":"x","result":"#.utf8) + bare + Data("}".utf8)
        let proof = try NearRPC.decodeResult(LightClientExecutionProof.self, from: envelope)
        _ = try proof.verify(blockMerkleRoot: CryptoHash(hex: Vectors.proofs[1].root))

        let error = Data(#"{"jsonrpc":"2.0","id":"x","error":{"name":"HANDLER_ERROR","code":-32000,"message":"Server error","cause":{"name":"UNKNOWN_BLOCK"}}}"#.utf8)
        #expect {
            _ = try NearRPC.decodeResult(LightClientExecutionProof.self, from: error)
        } throws: { error in
            guard case NearRPCError.server(let name, let code, _, _) = error else { return false }
            return name == "HANDLER_ERROR" && code == -32000
        }
        #expect(throws: NearRPCError.self) {
            _ = try NearRPC.decodeResult(LightClientExecutionProof.self, from: Data(#"{"outcome_proof": 5}"#.utf8))
        }
    }

    /// JSON integers must not pass through Double: a number-only timestamp decodes exactly.
    @Test func timestampNumberIsExact() throws {
        let json = #"""
        {"height": 141429413, "epoch_id": "kfsRFy3JizrUbdbebBbF6qsbmcs6B1c7q1WmR2bAUNu",
         "next_epoch_id": "363skYdkBLcq7mQqV8D7y9SnKymVUr2uvkUL81Ls2qcU",
         "prev_state_root": "5GSNfFfmYtgUm16LRBgayaZi89aYQ4rKCMuiCyGWuvSS",
         "outcome_root": "DvxxqEhshdgePU3gnjrW9iBTEgyb1uiBTLkJsM9FhDzg",
         "timestamp": 1697116223277387357, "next_bp_hash": "13TSrQRaeiG58P6HFNFgucGqUtw1Uzk5YtuRp6qCSvan",
         "block_merkle_root": "CRicirgx88qEgqTTXBrP3e8kj2JLoDkNmjtCCLsfgUAi"}
        """#
        let inner = try JSONDecoder().decode(BlockHeaderInnerLite.self, from: Data(json.utf8))
        #expect(inner.timestamp == 1_697_116_223_277_387_357)
        let encoded = try JSONEncoder().encode(inner)
        #expect(String(decoding: encoded, as: UTF8.self).contains("\"1697116223277387357\""))
        #expect(inner.borshBytes.count == 208)
        #expect(try BlockHeaderInnerLite(borsh: inner.borshBytes) == inner)
    }
}
