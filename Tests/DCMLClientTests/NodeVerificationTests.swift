import Attestation
import AttestedTLS
import DCMLClient
import Foundation
import Testing

@Suite(.serialized) struct NodeVerificationTests {
    @Test func simulatedNodeVerifiesAsSimulated() async throws {
        try await AttestedNode.with { node in
            let client = try DCMLClient(url: node.url, expectation: .init(allowSimulated: true, composeHash: node.composeHash, modelHash: node.modelHash.hex))
            let v = try await client.verify()
            #expect(v.isSimulated)
            #expect(v.tee == "simulated")
            #expect(v.composeHash == Hex.encode(node.composeHash))
            #expect(v.modelHash == node.modelHash.hex)
            #expect(v.signingPublicKey == node.identity.signingPublicKey)
            #expect(v.gpu?.contains("SIMULATED GPU") == true)
            #expect(v.summary.contains("SIMULATED TEE"))
            #expect(v.notProven.contains { $0.contains("confidentiality") })
            #expect(v.appCompose.contains("\"model_hash\":\"\(node.modelHash.hex)\""))
        }
    }

    @Test func simulatedNodeIsRefusedWhenSimulationIsNotAllowed() async throws {
        try await AttestedNode.with { node in
            let client = try DCMLClient(url: node.url, expectation: .init(allowSimulated: false))
            let error = await #expect(throws: RATLSError.self) { try await client.verify() }
            #expect(error?.description.contains("SIMULATED") == true)
        }
    }

    @Test func nodeWithAnotherComposeHashIsRefusedAtHandshake() async throws {
        try await AttestedNode.with { node in
            let other = Array(repeating: UInt8(0x42), count: 32)
            let client = try DCMLClient(url: node.url, expectation: .init(allowSimulated: true, composeHash: other))
            let error = await #expect(throws: RATLSError.self) { try await client.verify() }
            #expect(error?.description.contains("expected \(Hex.encode(other))") == true)
        }
    }

    @Test func wrongModelHashIsRefused() async throws {
        try await AttestedNode.with { node in
            let want = String(repeating: "1", count: 64)
            let client = try DCMLClient(url: node.url, expectation: .init(allowSimulated: true, modelHash: want))
            let error = await #expect(throws: DCMLClientError.self) { try await client.verify() }
            #expect(error == .wrongModel(expected: want, found: node.modelHash.hex))
        }
    }

    /// A report fetched for one nonce and presented for another (a replay) is refused.
    @Test func replayedReportIsRefused() async throws {
        try await AttestedNode.with { node in
            let expectation = NodeExpectation(allowSimulated: true, composeHash: node.composeHash)
            let http = AttestedHTTPClient(verifier: RATLSVerifier(policy: expectation.ratlsPolicy))
            let old = [UInt8](repeating: 1, count: 32), fresh = [UInt8](repeating: 2, count: 32)
            try await http.withConnection(host: "127.0.0.1", port: node.port) { conn in
                let r = try await conn.fetch(.init(method: .GET, path: "/v1/attestation/report?nonce=\(Hex.encode(old))"))
                #expect(r.status.code == 200)
                let check = AttestationReportCheck(expectation: expectation)
                _ = try check.check(body: r.body, nonce: old, peer: conn.peer) // the genuine exchange verifies
                let error = #expect(throws: DCMLClientError.self) { try check.check(body: r.body, nonce: fresh, peer: conn.peer) }
                #expect(error?.description.contains("replayed report") == true)
            }
        }
    }

    @Test func reportRequiresAWellFormedNonce() async throws {
        try await AttestedNode.with { node in
            let http = AttestedHTTPClient(verifier: RATLSVerifier(policy: .init(allowSimulated: true)))
            try await http.withConnection(host: "127.0.0.1", port: node.port) { conn in
                let missing = try await conn.fetch(.init(method: .GET, path: "/v1/attestation/report"))
                #expect(missing.status.code == 400)
                let short = try await conn.fetch(.init(method: .GET, path: "/v1/attestation/report?nonce=abcd"))
                #expect(short.status.code == 400)
                #expect(String(decoding: short.body, as: UTF8.self).contains("64 hex digits"))
            }
        }
    }
}
