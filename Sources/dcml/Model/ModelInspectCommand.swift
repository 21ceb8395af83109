import ArgumentParser
import Foundation
import Sealing

/// Shows a sealed model's header without a key: recipient, modelH, files, sizes, chunking.
struct ModelInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a sealed model's header (recipient pk, modelH, files) without a key.")

    @Argument(help: "Sealed model file.") var file: String

    func run() throws {
        try reportingFailure {
            let reader = try SealedModelReader(path: file)
            let h = reader.header
            print("format        DCMLSEAL v\(h.version), X25519 + HKDF-SHA256 + AES-256-GCM STREAM")
            print("model_hash    \(h.modelHash.hex)")
            print("recipient_pk  \(h.recipient.hex)")
            print("ephemeral_pk  \(h.ephemeral.hex)")
            print("layout        \(h.layout == .file ? "single file" : "directory")")
            print("plaintext     \(h.plaintextSize) bytes in \(h.chunkCount) chunks of \(h.chunkSize)")
            let sizeNote = reader.fileSize == h.sealedFileSize ? "" :
                (reader.fileSize < h.sealedFileSize ? "  TRUNCATED" : "  TRAILING DATA")
            print("sealed size   \(reader.fileSize) bytes (expected \(h.sealedFileSize))\(sizeNote)")
            print("files         \(h.manifest.entries.count)")
            for e in h.manifest.entries {
                print("  \(e.path)\t\(e.size)\t\(e.sha256.map { String(format: "%02x", $0) }.joined())")
            }
            print("(the header is authenticated only with the secret key: unseal or a node's load checks it)")
        }
    }
}
