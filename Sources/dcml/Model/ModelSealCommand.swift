import ArgumentParser
import Foundation
import Sealing

/// Encrypts a model for a public key into one sealed file (the format: Sealing's SealedModelFormat).
struct ModelSealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Encrypt a GGUF file or a model directory for a model public key into one sealed file.")

    @Argument(help: "GGUF file or model directory.") var model: String
    @Option(help: "Recipient public key (64 hex digits, from `dcml model keygen`).") var pk: String
    @Option(name: .shortAndLong, help: "Sealed file to create (must not exist).") var output: String
    @Option(help: "Plaintext bytes per chunk.") var chunkSize = 1 << 20
    @Option(help: "Encryption threads (default: one per core).") var workers = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: ArgumentHelp("Manifest printed by `dcml model hash --manifest-only` for this model: skips hashing.",
                               discussion: "Names and sizes are checked; a wrong digest yields a file that no node will load.")) var manifest: String?
    @Flag(help: "No progress on stderr.") var quiet = false

    func run() throws {
        try reportingFailure {
            let recipient = try ModelPublicKey(hex: pk)
            let known = try manifest.map { path in
                guard let data = FileManager.default.contents(atPath: path) else { throw SealingError.manifest("cannot read manifest file \(path)") }
                return try SealedModelHeader.parseManifest(Array(data))
            }
            let progress = ProgressReporter(quiet: quiet)
            let header = try ModelSealer(chunkSize: chunkSize, workers: workers).seal(
                modelAt: model, for: recipient, to: output, manifest: known, progress: progress.report)
            progress.finish()
            FileHandle.standardError.write(Data("sealed \(header.manifest.entries.count) file(s), \(header.plaintextSize) bytes, \(header.chunkCount) chunks -> \(output)\n".utf8))
            print(header.modelHash.hex)
        }
    }
}
