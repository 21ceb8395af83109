import Attestation
import Foundation
import TestSupport
import Testing

/// Every TDX and NVIDIA vector through `dcml attest`, with the verdict the library gives.
@Suite struct AttestCLITests {
    static let vectors: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/vectors")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        fatalError("shared/vectors not found above \(#filePath)")
    }()

    static func path(_ p: String) -> String { vectors.appendingPathComponent(p).path }

    static func pinnedTime(_ name: String) throws -> String {
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("tdx/\(name)/quote.json")))) as! [String: Any]
        let expectations = meta["source_stated_expectations"] as! [String: Any]
        return "\((expectations["pinned_time_computed_unix"] as! NSNumber).int64Value)"
    }

    static func checkTime(_ name: String) throws -> String {
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("tdx/\(name)/quote.json")))) as! [String: Any]
        return (meta["independent_check_signatures_only"] as! [String: Any])["check_time_used"] as! String
    }

    @Test func vector01VerifiesUpToDateWithItsCollateral() throws {
        let name = "01_dcapqvl_sample_tdx_quote_v4"
        let r = try DCMLProcess.run(["attest", "verify", Self.path("tdx/\(name)/quote.bin"),
                                     "--collateral", Self.path("tdx/\(name)/collateral.json"), "--at", try Self.pinnedTime(name)])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.stdout.contains("UpToDate"), "\(r.output)")

        let json = try DCMLProcess.run(["attest", "verify", Self.path("tdx/\(name)/quote.bin"), "--json",
                                        "--collateral", Self.path("tdx/\(name)/collateral.json"), "--at", try Self.pinnedTime(name)])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["trusted"] as? Bool == true, "\(json.output)")
    }

    @Test func vector01IsRefusedAfterItsCollateralExpires() throws {
        let name = "01_dcapqvl_sample_tdx_quote_v4"
        let late = (Int64(try Self.pinnedTime(name))! + 3600).description
        let r = try DCMLProcess.run(["attest", "verify", Self.path("tdx/\(name)/quote.bin"),
                                     "--collateral", Self.path("tdx/\(name)/collateral.json"), "--at", late])
        #expect(r.status != 0)
        #expect(r.output.split(separator: "\n").count == 1, "one line that says why: \(r.output)")
    }

    @Test func vector03HasNoMatchingTCBLevel() throws {
        let name = "03_dcapqvl_tdx_quote_outdated_v5"
        let r = try DCMLProcess.run(["attest", "verify", Self.path("tdx/\(name)/quote.bin"),
                                     "--collateral", Self.path("tdx/\(name)/collateral.json"), "--at", try Self.pinnedTime(name)])
        #expect(r.status != 0)
        #expect(r.output.lowercased().contains("tcb"), "\(r.output)")
    }

    @Test(arguments: ["01_dcapqvl_sample_tdx_quote_v4", "03_dcapqvl_tdx_quote_outdated_v5", "05_gotdxguest_quote_v5_sample",
                      "06_dcapqvl_tdx_quote_hex_v4", "07_dcapqvl_quote_from_tappd_v4", "10_trustee_tdx_quote_5_v5", "11_trustee_tdx_quote_6_v4"])
    func signaturesVerifyWithoutCollateral(name: String) throws {
        var arguments = ["attest", "verify", Self.path("tdx/\(name)/quote.bin"), "--signatures-only", "--at", try Self.checkTime(name)]
        if name.hasPrefix("10_") {
            // Vector 10 binds a service TD: refused unless allowed explicitly.
            let strict = try DCMLProcess.run(arguments)
            #expect(strict.status != 0)
            #expect(strict.output.uppercased().contains("MRSERVICETD"), "\(strict.output)")
            arguments.append("--allow-service-td")
        }
        let r = try DCMLProcess.run(arguments)
        #expect(r.status == 0, "\(r.output)")
    }

    @Test func simulatedQuotesVerifyOnlyWhenAllowedAndSaySo() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(SimulatedTEE().quote(reportData: [UInt8](repeating: 1, count: 64)).serialized()).write(to: file)
        let refused = try DCMLProcess.run(["attest", "verify", file.path])
        #expect(refused.status != 0)
        let allowed = try DCMLProcess.run(["attest", "verify", file.path, "--allow-simulated"])
        #expect(allowed.status == 0, "\(allowed.output)")
        #expect(allowed.stdout.contains("SIMULATED"))
    }

    @Test func hopperEvidenceVerifiesAndBrokenChainsFail() throws {
        let dir = "nvidia/01_nvtrust_hopper_sample"
        let nonce = "931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb"
        let report = Self.path("\(dir)/attestation_report.bin")
        let ok = try DCMLProcess.run(["attest", "gpu", report, "--chain", Self.path("\(dir)/cert_chain.pem"), "--nonce", nonce])
        #expect(ok.status == 0, "\(ok.output)")
        let wrongNonce = try DCMLProcess.run(["attest", "gpu", report, "--chain", Self.path("\(dir)/cert_chain.pem"), "--nonce", String(repeating: "0", count: 64)])
        #expect(wrongNonce.status != 0)
        let cases = "nvidia/03_trustee_cert_chain_cases"
        for (file, message) in [("hopper_cert_chain_case2.pem", "chain"), ("hopper_cert_chain_case3.pem", "Report certificate chain failed to verify"),
                                ("hopper_cert_chain_case4.pem", "FwId oid not found")] {
            let r = try DCMLProcess.run(["attest", "gpu", report, "--chain", Self.path("\(cases)/\(file)"), "--nonce", nonce])
            #expect(r.status != 0, "\(file)")
            #expect(r.output.contains(message), "\(file): \(r.output)")
        }
    }
}
