import Crypto
import Foundation

/// The static measurements of a simulated TD: MRTD and RTMR0–2.
///
/// A real TD's MRTD measures the firmware and RTMR0–2 the firmware config, kernel and command line.
/// The simulation derives them from the running binary's SHA-256 instead, so a changed node binary
/// shows up as changed measurements exactly as it would on hardware.
public struct SimulatedMeasurements: Sendable, Equatable {
    public var mrTD: [UInt8]
    public var rtmr0: [UInt8]
    public var rtmr1: [UInt8]
    public var rtmr2: [UInt8]

    public init(mrTD: [UInt8], rtmr0: [UInt8], rtmr1: [UInt8], rtmr2: [UInt8]) {
        self.mrTD = mrTD; self.rtmr0 = rtmr0; self.rtmr1 = rtmr1; self.rtmr2 = rtmr2
    }

    /// Measurements for a binary with the given SHA-256 digest.
    public init(binaryDigest: [UInt8]) {
        func m(_ label: String) -> [UInt8] {
            var h = SHA384()
            h.update(data: Array("DCML SIMULATED TD \(label)".utf8))
            h.update(data: binaryDigest)
            return Array(h.finalize())
        }
        self.init(mrTD: m("MRTD"), rtmr0: m("RTMR0"), rtmr1: m("RTMR1"), rtmr2: m("RTMR2"))
    }

    /// Measurements of the executable this process runs (`/proc/self/exe`, else argv[0]).
    public static func ofRunningBinary() -> SimulatedMeasurements {
        SimulatedMeasurements(binaryDigest: runningBinaryDigest())
    }

    /// SHA-256 of the running executable, streamed in 1 MiB chunks.
    public static func runningBinaryDigest() -> [UInt8] {
        let path = FileManager.default.fileExists(atPath: "/proc/self/exe") ? "/proc/self/exe" : CommandLine.arguments.first ?? ""
        var h = SHA256()
        if let fh = FileHandle(forReadingAtPath: path) {
            defer { try? fh.close() }
            while let chunk = try? fh.read(upToCount: 1 << 20), !chunk.isEmpty { h.update(data: chunk) }
        }
        return Array(h.finalize())
    }
}
