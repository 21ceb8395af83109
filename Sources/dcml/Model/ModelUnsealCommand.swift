import ArgumentParser
import Foundation
import Sealing

/// Decrypts a sealed model with its secret key back to the original file or directory.
struct ModelUnsealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unseal",
        abstract: "Decrypt a sealed model with its secret key into the original file or directory, verifying modelH.")

    @Argument(help: "Sealed model file.") var file: String
    @Option(help: "Key file written by `dcml model keygen` (mode 0600).") var sk: String
    @Option(name: .shortAndLong, help: "Output file or directory to create (must not exist).") var output: String
    @Flag(help: "No progress on stderr.") var quiet = false

    func run() throws {
        try reportingFailure {
            let key = try ModelKeyFile.read(sk)
            let reader = try SealedModelReader(path: file)
            let progress = ProgressReporter(quiet: quiet)
            try reader.unseal(with: key, to: output, progress: progress.report)
            progress.finish()
            print(reader.header.modelHash.hex)
        }
    }
}
