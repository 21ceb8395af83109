import Foundation
import Sealing

/// Progress of a long model operation on stderr, one rewritten line at most ten times a second,
/// so that stdout stays clean for what scripts read (a public key, a hash).
final class ProgressReporter {
    private var last = Date.distantPast
    private var lastPhase: SealPhase?
    private var start = Date()
    /// Whether stderr ends in an unfinished progress line (an error then starts on a new line).
    nonisolated(unsafe) static var lineOpen = false
    private let quiet: Bool

    init(quiet: Bool = false) { self.quiet = quiet }

    func report(_ phase: SealPhase, _ done: UInt64, _ total: UInt64) {
        guard !quiet else { return }
        let now = Date()
        if phase != lastPhase {
            if lastPhase != nil { FileHandle.standardError.write(Data("\n".utf8)) }
            start = now
        }
        guard phase != lastPhase || done == total || now.timeIntervalSince(last) >= 0.1 else { return }
        lastPhase = phase
        last = now
        let percent = total == 0 ? 100 : Double(done) * 100 / Double(total)
        let rate = Double(done) / max(now.timeIntervalSince(start), 1e-6) / 1e9
        let line = String(format: "\r%@ %.0f%% (%.1f / %.1f MB, %.2f GB/s)", phase.rawValue, percent, Double(done) / 1e6, Double(total) / 1e6, rate)
        FileHandle.standardError.write(Data(line.utf8))
        Self.lineOpen = true
    }

    /// Ends the progress line.
    func finish() {
        if !quiet, lastPhase != nil { FileHandle.standardError.write(Data("\n".utf8)) }
        Self.lineOpen = false
    }
}

/// Runs a command body; any error becomes one `error: ...` line on stderr and exit status 1.
func reportingFailure(_ body: () throws -> Void) throws {
    do { try body() } catch {
        FileHandle.standardError.write(Data("\(ProgressReporter.lineOpen ? "\n" : "")error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}

import ArgumentParser
