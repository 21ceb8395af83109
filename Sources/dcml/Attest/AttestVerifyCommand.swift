import ArgumentParser
import Attestation
import DCMLClient
import Foundation
import ModelCache

/// `dcml attest verify QUOTE`: DCAP verification plus policy; exit 0 only when trusted.
struct AttestVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a TDX quote (DCAP, collateral, policy). Exit 0 only when it verifies and the policy holds.")

    @Argument(help: "Quote file (raw bytes or hex text).") var quote: String
    @Option(help: "Collateral: a QuoteCollateralV3 JSON file, or a directory of Intel PCS responses.") var collateral: String?
    @Option(help: "Fetch collateral from Intel PCS or a PCCS at this URL (e.g. https://api.trustedservices.intel.com), cached under the DCML cache.") var pccs: String?
    @Option(help: "Verification time: RFC 3339 or Unix seconds (default: now).") var at: String?
    @Flag(help: "Trust the DCML simulation root (results say SIMULATED).") var allowSimulated = false
    @Flag(help: "Without collateral: accept signatures and PCK chain alone (TCB status unknown).") var signaturesOnly = false
    @Flag(help: "Accept a TD report 1.5 with a non-zero MRSERVICETD.") var allowServiceTd = false
    @Option(help: "Accepted TCB statuses, comma-separated (default UpToDate,SWHardeningNeeded).") var acceptTcb: String?
    @Option(help: "Expected REPORTDATA (hex, ≤ 64 bytes).") var reportData: String?
    @Option(help: "Expected MRTD (hex).") var mrtd: String?
    @Option(help: "Event log JSON (dstack format) to replay into RTMR3.") var eventLog: String?
    @Option(help: "Expected compose hash (hex); needs --event-log.") var composeHash: String?
    @Flag(help: "Print the full structured result as JSON.") var json = false

    func run() async throws {
        let bytes = try AttestInput.bytes(quote)
        let time = try AttestInput.time(at)
        var accepted = TCBStatusPolicy.defaultAccepted
        if let acceptTcb {
            accepted = []
            for s in acceptTcb.split(separator: ",") {
                guard let st = TCBStatus(rawValue: s.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("unknown TCB status '\(s)'; known: \(TCBStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                accepted.insert(st)
            }
        }
        let expectedReportData = try reportData.map { try AttestInput.hex($0, name: "--report-data") }
        let expectedMRTD = try mrtd.map { try AttestInput.hex($0, name: "--mrtd") }
        let expectedCompose = try composeHash.map { try AttestInput.hex($0, name: "--compose-hash") }
        let log: EventLog? = try eventLog.map { path in
            guard let d = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            return try EventLog(json: String(decoding: d, as: UTF8.self))
        }
        let policy = PolicySet {
            QuoteVerifiedPolicy()
            SimulationPolicy(allowSimulated: allowSimulated)
            TCBStatusPolicy(accepted: accepted, requireStatus: !signaturesOnly)
            if let expectedReportData { ReportDataPolicy(expected: expectedReportData) }
            if let expectedMRTD { MeasurementPolicy(mrTD: expectedMRTD) }
            if let expectedCompose { ComposeHashPolicy(expected: expectedCompose) }
        }
        var prepared: PreparedCollateral?
        if let collateral {
            do { prepared = try PreparedCollateral(try QuoteCollateral(contentsOf: collateral)) } catch {
                fail("collateral: \(error)", json: ["verified": false, "error": "collateral: \(error)"])
            }
        } else if let pccs {
            do {
                let source = PCSCollateralSource.http(pccs, cacheDirectory: ModelCache.default.directory.appendingPathComponent("collateral"))
                prepared = try await source.collateral(for: try TDXQuote(parsing: bytes), at: time)
            } catch {
                fail("collateral: \(error)", json: ["verified": false, "error": "collateral: \(error)"])
            }
        }
        let verifier = AttestationVerifier(allowSimulated: allowSimulated, policy: policy,
                                           dcap: DCAPVerifier(allowSimulation: allowSimulated, allowServiceTD: allowServiceTd))
        let verdict: AttestationVerdict
        do { verdict = try verifier.verify(quote: bytes, collateral: prepared, eventLog: log, at: time) } catch {
            fail("not a TDX quote: \(error)", json: ["verified": false, "error": "\(error)"])
        }
        if json {
            var o = verdict.verification.jsonObject()
            o["trusted"] = verdict.isTrusted
            o["policy_failures"] = verdict.failures.map { ["policy": $0.policy, "reason": $0.reason] }
            o["summary"] = verdict.summary
            AttestInput.printJSON(o)
        } else {
            print(verdict.summary)
        }
        if !verdict.isTrusted { throw ExitCode(1) }
    }

    private func fail(_ line: String, json o: [String: Any]) -> Never {
        if json { AttestInput.printJSON(o) } else { print(line) }
        Foundation.exit(2)
    }
}
