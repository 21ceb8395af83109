import ArgumentParser
import Foundation
import Sealing

/// Prints modelH of a model file or directory, or of a sealed model (read from its header).
struct ModelHashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print modelH (SHA-256 of the canonical manifest) of a GGUF file or model directory.")

    @Argument(help: "GGUF file, model directory, or sealed model (its header's modelH).") var model: String
    @Flag(help: "Also print the manifest lines (before modelH).") var manifest = false
    @Flag(help: "Print only the manifest lines (for `dcml model seal --manifest`).") var manifestOnly = false
    @Flag(help: "No progress on stderr.") var quiet = false

    func run() throws {
        try reportingFailure {
            if let sealed = try? SealedModelReader(path: model) {
                print(sealed.header.modelHash.hex)
                return
            }
            let progress = ProgressReporter(quiet: quiet)
            let m = try ModelHasher.manifest(of: model, progress: progress.report)
            progress.finish()
            if manifest || manifestOnly { FileHandle.standardOutput.write(Data(m.canonicalBytes)) }
            if !manifestOnly { print(m.modelHash.hex) }
        }
    }
}
