import ArgumentParser
import Attestation
import Foundation

/// `dcml attest gpu REPORT --chain PEM --nonce HEX`: verify NVIDIA H100 SPDM evidence.
struct AttestGPUCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gpu", abstract: "Verify NVIDIA H100 attestation evidence (SPDM GET_MEASUREMENTS).")

    @Argument(help: "Attestation report: request ‖ response (raw bytes or hex text).") var report: String
    @Option(help: "Device certificate chain (PEM, leaf first).") var chain: String
    @Option(help: "The nonce the report must answer (64 hex characters).") var nonce: String
    @Option(help: "Verification time for the chain: RFC 3339 or Unix seconds (default: now).") var at: String?
    @Flag(help: "Trust the DCML simulation GPU root (results say SIMULATED).") var allowSimulated = false
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        let bytes = try AttestInput.bytes(report)
        guard let pem = try? String(contentsOfFile: chain, encoding: .utf8) else { throw ValidationError("cannot read \(chain)") }
        let expected = try AttestInput.hex(nonce, name: "--nonce")
        do {
            let r = try GPUEvidenceVerifier(allowSimulation: allowSimulated).verify(report: bytes, chainPEM: pem, expectedNonce: expected, at: try AttestInput.time(at))
            if json {
                AttestInput.printJSON([
                    "verified": true, "simulated": r.isSimulated, "fwid": Hex.encode(r.fwid), "driver_version": r.evidence.driverVersion ?? "",
                    "nonce": Hex.encode(r.evidence.requestNonce), "summary": r.summary,
                    "measurements": Dictionary(uniqueKeysWithValues: r.evidence.measurementBlocks.map { (String($0.index), Hex.encode($0.value)) }),
                ])
            } else {
                print(r.summary)
            }
        } catch {
            if json { AttestInput.printJSON(["verified": false, "error": "\(error)"]) } else { print("GPU evidence rejected: \(error)") }
            throw ExitCode(1)
        }
    }
}
