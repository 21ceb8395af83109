import Foundation
import Testing
@testable import Attestation

@Suite struct GPUEvidenceTests {
    static let dir = "nvidia/01_nvtrust_hopper_sample"
    static let nonce = Hex.decode("931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb")!
    static let fwid = "f5c384aebb579217a2c66b17ed0f28e6a9b8d639041acd7b4721cec004f7275494ba94bb5cdfdb3055ee051762b1f75d"

    @Test func parsesTheHopperReportByItsFields() throws {
        let e = try GPUEvidence(parsing: Vectors.bytes("\(Self.dir)/attestation_report.bin"))
        let meta = Vectors.json("\(Self.dir)/report.json")["parsed"] as! [String: Any]
        let layout = meta["layout"] as! [String: Any]
        #expect(e.signatureOffset == (layout["signature"] as! [Int])[0])
        #expect(e.measurementBlocks.count == 64)
        #expect(e.requestNonce == Self.nonce)
        #expect(Hex.encode(e.fwid ?? []) == Self.fwid)
        #expect(e.driverVersion == "550.90.07")
        let blocks = meta["measurement_blocks"] as! [[String: Any]]
        #expect(Hex.encode(e.measurementBlocks[1].value) == blocks[1]["value"] as! String)
    }

    @Test func verifiesSignatureChainFWIDAndNonce() throws {
        let r = try GPUEvidenceVerifier().verify(report: Vectors.bytes("\(Self.dir)/attestation_report.bin"),
                                                 chainPEM: Vectors.text("\(Self.dir)/cert_chain.pem"), expectedNonce: Self.nonce)
        #expect(r.trustAnchor == .nvidia)
        #expect(Hex.encode(r.fwid) == Self.fwid)
        #expect(!r.isSimulated)
    }

    @Test func wrongNonceAndTamperedReportAreRejected() {
        let report = Vectors.bytes("\(Self.dir)/attestation_report.bin"), chain = Vectors.text("\(Self.dir)/cert_chain.pem")
        #expect(throws: GPUEvidenceError.self) { try GPUEvidenceVerifier().verify(report: report, chainPEM: chain, expectedNonce: [UInt8](repeating: 0, count: 32)) }
        var t = report
        t[100] ^= 1
        #expect(throws: GPUEvidenceError.badSignature) { try GPUEvidenceVerifier().verify(report: t, chainPEM: chain, expectedNonce: Self.nonce) }
        #expect(throws: GPUEvidenceError.trailingBytes(1)) { try GPUEvidenceVerifier().verify(report: report + [0], chainPEM: chain, expectedNonce: Self.nonce) }
        for n in stride(from: 0, to: report.count, by: 97) {
            #expect(throws: GPUEvidenceError.self) { try GPUEvidence(parsing: Array(report.prefix(n))) }
        }
    }

    @Test func brokenChainsFailWithTheirExpectedErrors() throws {
        let d = "nvidia/03_trustee_cert_chain_cases"
        let v = GPUEvidenceVerifier()
        #expect(throws: GPUEvidenceError.chainTooShort(count: 1)) { try v.verifyChain(pem: Vectors.text("\(d)/hopper_cert_chain_case2.pem")) }
        do {
            _ = try v.verifyChain(pem: Vectors.text("\(d)/hopper_cert_chain_case3.pem"))
            Issue.record("case3 must fail")
        } catch {
            guard case .chain = error else { Issue.record("case3: \(error)"); return }
            #expect(error.description.hasPrefix("Report certificate chain failed to verify"))
        }
        #expect(throws: GPUEvidenceError.fwidMissing) { try v.verifyChain(pem: Vectors.text("\(d)/hopper_cert_chain_case4.pem")) }
        #expect(GPUEvidenceError.fwidMissing.description.hasPrefix("FwId oid not found in the NVIDIA signing certificate"))
        let leaf = try PEMChain.parse(Vectors.text("\(d)/hopper_signing_cert.pem"), field: "leaf")
        #expect(GPUEvidenceVerifier.fwid(of: leaf[0]).map(Hex.encode) == Self.fwid)
        let (anchor, fwid) = try v.verifyChain(pem: Vectors.text("\(Self.dir)/cert_chain.pem"))
        #expect(anchor.kind == .nvidia && Hex.encode(fwid) == Self.fwid)
    }

    @Test func simulatedGPUEvidenceVerifiesOnlyWhenAllowed() throws {
        let nonce = [UInt8](repeating: 0x42, count: 32)
        let gpu = SimulatedGPU.shared
        let ev = gpu.evidence(nonce: nonce)
        let r = try GPUEvidenceVerifier(allowSimulation: true).verify(report: ev, chainPEM: gpu.chainPEM, expectedNonce: nonce)
        #expect(r.isSimulated && r.summary.hasPrefix("SIMULATED"))
        #expect(throws: GPUEvidenceError.self) { try GPUEvidenceVerifier().verify(report: ev, chainPEM: gpu.chainPEM, expectedNonce: nonce) }
    }
}
