import Crypto
import Foundation
import Testing
@testable import Attestation

@Suite struct SimulatedTEETests {
    static let tee = SimulatedTEE(measurements: SimulatedMeasurements(binaryDigest: Array(SHA256.hash(data: Array("test binary".utf8)))))
    let reportData = Array(SHA512.hash(data: Array("nonce".utf8)))

    @Test func simulatedQuoteIsARealV4QuoteThatRoundTrips() throws {
        let q = Self.tee.quote(reportData: reportData)
        let parsed = try TDXQuote(parsing: q.rawBytes)
        #expect(parsed == q)
        #expect(parsed.header.version == 4)
        #expect(parsed.signedLength == 632)
        #expect(parsed.report.reportData == reportData)
        #expect(!parsed.report.tdAttributes.isDebug)
    }

    @Test func verifiesOnlyWhenSimulationIsAllowedAndSaysSimulated() throws {
        let now = Date()
        let q = Self.tee.quote(reportData: reportData)
        let collateral = SimulatedCollateralSource.shared.prepared(at: now)
        let allowed = DCAPVerifier(allowSimulation: true).verify(q, collateral: collateral, at: now)
        #expect(allowed.failure == nil, "\(allowed.summary)")
        #expect(allowed.isSimulated)
        #expect(allowed.tcbStatus == .upToDate)
        #expect(allowed.summary.hasPrefix("SIMULATED"))
        #expect(allowed.passedChecks == DCAPCheck.allCases)

        let refused = DCAPVerifier().verify(q, collateral: collateral, at: now)
        guard case .chain(_, .simulationRootNotAllowed) = refused.failure else {
            Issue.record("expected the simulation root to be refused: \(refused.summary)"); return
        }
        #expect(!refused.isVerified)
    }

    @Test func policyFacadeRequiresExplicitSimulation() throws {
        let q = Self.tee.quote(reportData: reportData)
        let strict = AttestationVerifier().verify(q, collateral: nil)
        #expect(!strict.isTrusted)
        let dev = AttestationVerifier(allowSimulated: true).verify(q, collateral: nil)
        #expect(dev.isTrusted, "\(dev.summary)")
        #expect(dev.summary.hasPrefix("SIMULATED"))
        // A verifier that trusts the simulation root at the DCAP layer still refuses it in a policy that does not allow it.
        let mixed = AttestationVerifier(allowSimulated: true, policy: .standard(allowSimulated: false)).verify(q, collateral: nil)
        #expect(!mixed.isTrusted)
        #expect(mixed.failures.map(\.policy) == ["simulation"])
    }

    @Test func debugTDIsRejected() {
        var tee = Self.tee
        tee.tdAttributes = [.debug, .septVEDisable]
        let now = Date()
        let r = DCAPVerifier(allowSimulation: true).verify(tee.quote(reportData: reportData), collateral: SimulatedCollateralSource.shared.prepared(at: now), at: now)
        #expect(r.failure == .debugTD)
        tee.tdAttributes = []
        let r2 = DCAPVerifier(allowSimulation: true).verify(tee.quote(reportData: reportData), collateral: nil, at: now)
        #expect(r2.failure == .septVEDisableNotSet)
    }

    @Test func composeHashAndReportDataPolicies() throws {
        let appCompose = Array(#"{"node_sha256":"00","model_hash":"11"}"#.utf8)
        var log = EventLog()
        let compose = log.appendComposeHash(appCompose: appCompose)
        log.append(event: "instance-id", payload: [1, 2, 3])
        let q = Self.tee.quote(reportData: reportData, rtmr3: log.replay(rtmr: 3))
        let verifier = AttestationVerifier(allowSimulated: true, policy: PolicySet {
            PolicySet.standard(allowSimulated: true)
            ReportDataPolicy(expected: reportData)
            ComposeHashPolicy(expected: compose)
            MeasurementPolicy(mrTD: Self.tee.measurements.mrTD, rtmr0: Self.tee.measurements.rtmr0)
        })
        let ok = verifier.verify(q, collateral: nil, eventLog: log)
        #expect(ok.isTrusted, "\(ok.summary)")

        // Wrong compose hash, tampered log, wrong nonce: each fails and names its policy.
        let wrongHash = AttestationVerifier(allowSimulated: true, policy: PolicySet { ComposeHashPolicy(expected: [UInt8](repeating: 9, count: 32)) })
            .verify(q, collateral: nil, eventLog: log)
        #expect(wrongHash.failures.map(\.policy) == ["compose-hash"])
        var tampered = log
        tampered.entries[0].eventPayload[0] ^= 1
        let t = verifier.verify(q, collateral: nil, eventLog: tampered)
        #expect(t.failures.map(\.policy) == ["compose-hash"])
        #expect(t.failures[0].reason.contains("digest"))
        var reordered = log
        reordered.entries.swapAt(0, 1)
        #expect(verifier.verify(q, collateral: nil, eventLog: reordered).failures.first?.reason.contains("RTMR3") == true)
        let nonce = verifier.verify(Self.tee.quote(reportData: [1], rtmr3: log.replay(rtmr: 3)), collateral: nil, eventLog: log)
        #expect(nonce.failures.map(\.policy) == ["report-data"])
    }

    @Test func collateralAndRootSurviveAReEncoding() throws {
        // Another process re-signs the simulation certificates; anchors match by subject and key.
        let other = SimulationAuthority()
        #expect(other.rootCertificate.publicKey == SimulationAuthority.shared.rootCertificate.publicKey)
        let c = try PreparedCollateral(other.collateral(at: Date()))
        let r = DCAPVerifier(allowSimulation: true).verify(Self.tee.quote(reportData: reportData), collateral: c, at: Date())
        #expect(r.failure == nil, "\(r.summary)")
    }
}
