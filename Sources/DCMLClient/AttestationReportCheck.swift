import Attestation
import AttestedTLS
import Crypto
import Foundation

/// Checks an attestation report (DESIGN.md) against the verifier's nonce and the TLS key the
/// verifier is actually connected to. Pure: everything it needs is passed in, so tests can replay
/// old reports, swap keys and flip bytes.
public struct AttestationReportCheck: Sendable {
    public var expectation: NodeExpectation
    public init(expectation: NodeExpectation) { self.expectation = expectation }

    /// - Parameters:
    ///   - body: the report JSON as received.
    ///   - nonce: the 32 bytes this verifier sent.
    ///   - peer: the RA-TLS peer of the connection the report came over.
    ///   - collateral: collateral for a real quote (nil: generated for simulated quotes).
    public func check(body: [UInt8], nonce: [UInt8], peer: AttestedPeer, collateral: PreparedCollateral? = nil,
                      at time: Date = Date()) throws(DCMLClientError) -> NodeVerification {
        guard let o = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw .malformedReport("not a JSON object")
        }
        func string(_ k: String) throws(DCMLClientError) -> String {
            guard let v = o[k] as? String else { throw .malformedReport("`\(k)` is missing or not a string") }
            return v
        }
        func hex(_ k: String, count: Int? = nil) throws(DCMLClientError) -> [UInt8] {
            let s = try string(k)
            guard let b = Hex.decode(s), count.map({ b.count == $0 }) ?? true else {
                throw .malformedReport("`\(k)` is not \(count.map { "\($0) bytes of " } ?? "")hex")
            }
            return b
        }
        let tee = try string("tee")
        let quote = try hex("quote")
        let signingKey = try hex("signing_public_key", count: 32)
        let spkiHash = try hex("tls_spki_sha256", count: 32)
        let reportData = try hex("report_data", count: 64)
        let composeHash = try hex("compose_hash", count: 32)
        let modelHash = try string("model_hash").lowercased()
        guard try string("signing_algo") == "ed25519" else { throw .malformedReport("`signing_algo` is not ed25519") }
        let log: EventLog
        do {
            if let s = o["event_log"] as? String { log = try EventLog(json: s) } else if let a = o["event_log"] {
                log = try EventLog(json: String(decoding: try JSONSerialization.data(withJSONObject: a), as: UTF8.self))
            } else { throw DCMLClientError.malformedReport("`event_log` is missing") }
        } catch let e as DCMLClientError { throw e } catch { throw .malformedReport("`event_log`: \(error)") }

        // The binding: the report must name the key this connection was made with, and the nonce we chose.
        guard spkiHash == peer.spkiSHA256 else {
            throw .reportRejected("the report names TLS key \(Hex.encode(spkiHash)), but this connection's key is \(Hex.encode(peer.spkiSHA256))")
        }
        let expected = RATLSReportData.report(signingPublicKey: signingKey, tlsSPKISHA256: peer.spkiSHA256, nonce: nonce)
        guard reportData == expected else {
            throw .reportRejected("report_data \(Hex.encode(reportData)) is not SHA-256(signing key ‖ SHA-256(TLS SPKI)) ‖ nonce \(Hex.encode(expected)): a replayed report (old nonce) or keys that do not belong together")
        }
        var policy = expectation.ratlsPolicy
        // The report's quote must come from the same workload as the certificate's quote.
        policy.composeHash = expectation.composeHash ?? peer.composeHash ?? composeHash
        let verifier = AttestationVerifier(allowSimulated: expectation.allowSimulated, policy: policy.policySet(reportData: expected, hasEventLog: true))
        let verdict: AttestationVerdict
        do { verdict = try verifier.verify(quote: quote, collateral: collateral, eventLog: log, at: time) } catch {
            throw .malformedReport("quote: \(error.description)")
        }
        guard verdict.isTrusted else { throw .reportRejected(verdict.summary) }
        guard log.composeHash == composeHash else {
            throw .reportRejected("compose_hash \(Hex.encode(composeHash)) differs from the one in RTMR3 \(Hex.encode(log.composeHash ?? []))")
        }
        var appCompose = ""
        if let ac = o["app_compose"] as? String {
            guard Array(SHA256.hash(data: Array(ac.utf8))) == composeHash else {
                throw .reportRejected("app_compose does not hash to compose_hash \(Hex.encode(composeHash))")
            }
            appCompose = ac
        }
        if let want = expectation.modelHash, want != modelHash { throw .wrongModel(expected: want, found: modelHash) }

        var proven = [
            "the quote is signed by a \(verdict.isSimulated ? "SIMULATED" : "genuine Intel") TDX quoting enclave (DCAP chain, collateral, \(verdict.verification.tcb.map { "TCB \($0.status.rawValue)" } ?? "no TCB status"))",
            "the TD is not in debug mode; MRTD \(Hex.encode(verdict.verification.report.mrTD).prefix(16))…",
            "RTMR3 replays from the event log; the workload's compose hash is \(Hex.encode(composeHash))",
            "the TLS key of this connection was generated inside that TD (RA-TLS certificate quote binds its SPKI)",
            "the response-signing key \(Hex.encode(signingKey)) belongs to that TD, and the report is fresh (our nonce)",
        ]
        var notProven = [String]()
        if expectation.composeHash != nil { proven.append("the compose hash is the one you expected") } else {
            notProven.append("which workload you expected: no --expect-compose given, compare the compose hash yourself")
        }
        if modelHash == String(repeating: "0", count: 64) {
            notProven.append("which model answers: the node does not identify its model")
        } else {
            proven.append("the node states it serves model \(modelHash) and signs that into every response\(expectation.modelHash != nil ? " (as you expected)" : "")")
        }
        if expectation.measurements == nil { notProven.append("MRTD/RTMR0–2 are not pinned (firmware, kernel and command line not compared to expected values)") }
        var gpu: String?
        if let g = o["gpu_evidence"] as? [String: Any], let ev = (g["evidence"] as? String).flatMap(Hex.decode), let chain = g["certificate_chain"] as? String {
            do {
                let r = try GPUEvidenceVerifier(allowSimulation: expectation.allowSimulated).verify(report: ev, chainPEM: chain, expectedNonce: nonce, at: time)
                gpu = r.summary
                proven.append("GPU: \(r.summary)")
            } catch { throw .reportRejected("GPU evidence: \(error)") }
        } else {
            notProven.append("no GPU is attested")
        }
        if verdict.isSimulated { notProven.insert("confidentiality: this is the SIMULATED TEE, anyone with the host can read prompts and keys", at: 0) }
        return NodeVerification(tee: tee, isSimulated: verdict.isSimulated, composeHash: Hex.encode(composeHash), appCompose: appCompose,
                                modelHash: modelHash, signingPublicKey: signingKey, tlsSPKISHA256: peer.spkiSHA256,
                                tcbStatus: verdict.verification.tcb?.status.rawValue, mrTD: Hex.encode(verdict.verification.report.mrTD),
                                gpu: gpu, proven: proven, notProven: notProven)
    }
}
