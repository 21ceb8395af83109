import Attestation
import AttestedTLS
import Crypto
import Foundation
import NIOSSL
import Testing

@Suite struct RATLSHandshakeTests {
    private func fetch(_ port: Int, _ policy: RATLSPolicy, identity: RATLSIdentity? = nil) async throws -> (AttestedPeer, Int) {
        let client = AttestedHTTPClient(verifier: RATLSVerifier(policy: policy), identity: identity)
        return try await client.withConnection(host: "127.0.0.1", port: port) { conn in
            let r = try await conn.fetch(.init(method: .GET, path: "/"))
            return (conn.peer, Int(r.status.code))
        }
    }

    private func refusal(_ port: Int, _ policy: RATLSPolicy, identity: RATLSIdentity? = nil) async -> RATLSError? {
        do {
            _ = try await fetch(port, policy, identity: identity)
            return nil
        } catch let e as RATLSError { return e } catch {
            Issue.record("expected an RATLSError, got \(error)")
            return nil
        }
    }

    @Test func certificateCarriesAQuoteBoundToItsKey() async throws {
        let id = try await Fixtures.identity()
        let parsed = try RATLSCertificate(parsing: id.certificate.derBytes)
        let quote = try TDXQuote(parsing: parsed.quote)
        #expect(quote.report.reportData == RATLSReportData.certificate(spkiDER: parsed.spkiDER))
        #expect(parsed.certificate.extensions[oid: RATLSExtension.quoteOID] != nil)
        #expect(parsed.eventLog?.composeHash == Fixtures.composeHash("node"))
        var h = SHA512()
        h.update(data: Array("ratls-cert:".utf8) + parsed.spkiDER)
        #expect(quote.report.reportData == Array(h.finalize()))
    }

    @Test func attestedServerIsAcceptedAndIdentified() async throws {
        let id = try await Fixtures.identity()
        let server = try await TestTLSServer(tls: id.serverTLSConfiguration())
        defer { Task { await server.close() } }
        let (peer, status) = try await fetch(server.port, Fixtures.policy())
        #expect(status == 200)
        #expect(peer.composeHash == Fixtures.composeHash("node"))
        #expect(peer.isSimulated)
        #expect(peer.spkiSHA256 == id.spkiSHA256)
        #expect(server.requestCount == 1)
    }

    @Test func plainSelfSignedServerIsRefusedBeforeAnyRequest() async throws {
        let (der, pem) = try Fixtures.plainSelfSigned()
        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: der, format: .der))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(pem.utf8), format: .pem)))
        let server = try await TestTLSServer(tls: tls)
        defer { Task { await server.close() } }
        let error = await refusal(server.port, Fixtures.policy())
        #expect(error == .missingQuote)
        #expect(error?.description.contains("not an attested DCML node") == true)
        #expect(server.requestCount == 0, "no request may reach a refused server")
    }

    @Test func nodeWithAnotherComposeHashIsRefused() async throws {
        let server = try await TestTLSServer(tls: try await Fixtures.identity("other-workload").serverTLSConfiguration())
        defer { Task { await server.close() } }
        let error = await refusal(server.port, Fixtures.policy("node"))
        guard case .notTrusted(let reason)? = error else { Issue.record("expected notTrusted, got \(String(describing: error))"); return }
        #expect(reason.contains("compose hash is \(Hex.encode(Fixtures.composeHash("other-workload")))"))
        #expect(server.requestCount == 0)
    }

    @Test func simulatedNodeIsRefusedWhenSimulationIsNotAllowed() async throws {
        let server = try await TestTLSServer(tls: try await Fixtures.identity().serverTLSConfiguration())
        defer { Task { await server.close() } }
        let error = await refusal(server.port, Fixtures.policy(allowSimulated: false))
        guard case .notTrusted(let reason)? = error else { Issue.record("expected notTrusted, got \(String(describing: error))"); return }
        #expect(reason.contains("SIMULATED") || reason.contains("simulation"))
        #expect(server.requestCount == 0)
    }

    @Test func debugTDIsRefused() async throws {
        let server = try await TestTLSServer(tls: try await Fixtures.identity(attributes: [.debug, .septVEDisable]).serverTLSConfiguration())
        defer { Task { await server.close() } }
        let error = await refusal(server.port, Fixtures.policy())
        guard case .notTrusted(let reason)? = error else { Issue.record("expected notTrusted, got \(String(describing: error))"); return }
        #expect(reason.contains("debug"))
    }

    /// A man in the middle copies the node's quote and event log into a certificate for its own key.
    @Test func copiedQuoteOnAnotherKeyIsRefused() async throws {
        let node = try await Fixtures.identity()
        let mitmKey = P256.Signing.PrivateKey()
        let forged = try RATLSCertificate.issue(key: mitmKey, quote: node.certificate.quote, eventLog: node.certificate.eventLog)
        let server = try await TestTLSServer(tls: RATLSIdentity._unchecked(certificate: forged, privateKey: mitmKey).serverTLSConfiguration())
        defer { Task { await server.close() } }
        let error = await refusal(server.port, Fixtures.policy())
        guard case .notTrusted(let reason)? = error else { Issue.record("expected notTrusted, got \(String(describing: error))"); return }
        #expect(reason.contains("does not bind the certificate's key"))
        #expect(server.requestCount == 0)
    }

    @Test func pinnedKeyMustNotChange() async throws {
        let server = try await TestTLSServer(tls: try await Fixtures.identity().serverTLSConfiguration())
        defer { Task { await server.close() } }
        let error = await refusal(server.port, Fixtures.policy(), identity: nil)
        #expect(error == nil)
        let client = AttestedHTTPClient(verifier: RATLSVerifier(policy: Fixtures.policy(), pinnedSPKISHA256: [UInt8](repeating: 7, count: 32)))
        await #expect(throws: RATLSError.self) {
            try await client.withConnection(host: "127.0.0.1", port: server.port) { _ in }
        }
    }
}

@Suite struct MutualRATLSTests {
    /// A node's peer listener: requires a client RA-TLS certificate with the same compose hash.
    private func peerServer(_ label: String = "node") async throws -> TestTLSServer {
        let id = try await Fixtures.identity(label)
        return try await TestTLSServer(tls: id.mutualServerTLSConfiguration(),
                                       clientVerification: RATLSVerifier(policy: Fixtures.policy(label)).nioCallback())
    }

    @Test func samWorkloadPeersConnect() async throws {
        let server = try await peerServer()
        defer { Task { await server.close() } }
        let client = AttestedHTTPClient(verifier: RATLSVerifier(policy: Fixtures.policy()), identity: try await Fixtures.identity())
        let status = try await client.withConnection(host: "127.0.0.1", port: server.port) { try await $0.fetch(.init(method: .GET, path: "/")).status.code }
        #expect(status == 200)
        #expect(server.requestCount == 1)
    }

    @Test func clientWithoutCertificateIsRefused() async throws {
        let server = try await peerServer()
        defer { Task { await server.close() } }
        let client = AttestedHTTPClient(verifier: RATLSVerifier(policy: Fixtures.policy()))
        await #expect(throws: (any Error).self) {
            try await client.withConnection(host: "127.0.0.1", port: server.port) { try await $0.fetch(.init(method: .GET, path: "/")) }
        }
        #expect(server.requestCount == 0)
    }

    @Test func clientRunningAnotherWorkloadIsRefused() async throws {
        let server = try await peerServer()
        defer { Task { await server.close() } }
        let client = AttestedHTTPClient(verifier: RATLSVerifier(policy: Fixtures.policy()), identity: try await Fixtures.identity("other-workload"))
        await #expect(throws: (any Error).self) {
            try await client.withConnection(host: "127.0.0.1", port: server.port) { try await $0.fetch(.init(method: .GET, path: "/")) }
        }
        #expect(server.requestCount == 0)
    }
}
