import ArgumentParser
import Attestation
import Foundation

/// `dcml attest`: inspect and verify TDX quotes and NVIDIA GPU evidence, and benchmark the verifier.
struct AttestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Inspect and verify TDX quotes and NVIDIA H100 evidence.",
        subcommands: [AttestShowCommand.self, AttestVerifyCommand.self, AttestGPUCommand.self, AttestBenchCommand.self]
    )
}

/// Reads a file holding raw bytes or hex text (as `dcap-qvl` and dstack emit quotes).
enum AttestInput {
    static func bytes(_ path: String) throws -> [UInt8] {
        guard let d = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        let b = [UInt8](d)
        let isText = b.allSatisfy { $0 == 0x0a || $0 == 0x0d || $0 == 0x20 || (0x30 ... 0x39).contains($0) || (0x41 ... 0x46).contains($0) || (0x61 ... 0x66).contains($0) || $0 == 0x78 }
        if isText, !b.isEmpty, let h = Hex.decode(String(decoding: b, as: UTF8.self)) { return h }
        return b
    }

    static func hex(_ text: String, name: String) throws -> [UInt8] {
        guard let b = Hex.decode(text) else { throw ValidationError("\(name) must be hex") }
        return b
    }

    static func time(_ text: String?) throws -> Date {
        guard let text else { return Date() }
        guard let d = Timestamp.parseTimeArgument(text) else { throw ValidationError("--at takes RFC 3339 (2025-07-19T10:00:34Z) or Unix seconds, got '\(text)'") }
        return d
    }

    static func printJSON(_ o: Any) {
        let d = (try? JSONSerialization.data(withJSONObject: o, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        print(String(decoding: d, as: UTF8.self))
    }
}
