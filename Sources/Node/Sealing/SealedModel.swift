import Foundation
import Inference
import Sealing

/// A sealed model the node was given (`--sealed-model`, or `load_model` of a sealed file), known
/// from its header alone: the recipient pk that set_sk's key must match, and the modelH that
/// app-compose and the allowed set are checked against before anything is decrypted.
public struct SealedModel: Sendable {
    public let path: String
    public let header: SealedModelHeader
    /// The id it is served under: the sealed GGUF's file name without `.gguf`, as when plaintext.
    public let modelID: String

    public var publicKey: ModelPublicKey { header.recipient }
    /// From the header; decryption proves the plaintext hashes to it (manifest, then modelH).
    public var modelHash: ModelHash { header.modelHash }

    /// Reads and checks the header. The embedded engine serves one GGUF file, so a sealed model
    /// directory is refused here, at start or at `load_model`, not after its key arrived.
    public init(path: String) throws(SealedModelError) {
        let reader: SealedModelReader
        do { reader = try SealedModelReader(path: path) } catch { throw .unreadable(path: path, error) }
        guard reader.header.layout == .file, let entry = reader.header.manifest.entries.first else {
            throw .notOneFile(path: path, files: reader.header.manifest.entries.count)
        }
        self.path = path
        self.header = reader.header
        self.modelID = LocalEngine.modelID(fileName: entry.path)
    }

    /// Whether `path` starts with the sealed-model magic (``SealedModelFormat/magic``).
    public static func isSealed(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let magic = SealedModelFormat.magic
        return (try? handle.read(upToCount: magic.count)).map { Array($0) == magic } ?? false
    }

    /// Checks that `key` opens this file: it matches the recipient pk and the header authenticates
    /// under it (fast: no chunk is decrypted).
    func verify(_ key: ModelSecretKey) throws(SealingError) {
        try SealedModelReader(path: path).verifyKey(key)
    }

    /// Decrypts the weights with `key` straight into an in-memory file (never onto a disk), every
    /// chunk authenticated and the plaintext checked against the manifest, hence against modelH.
    func decrypt(with key: ModelSecretKey) throws -> InMemoryModelFile {
        let reader = try SealedModelReader(path: path)
        guard reader.header == header else { throw SealedModelError.changed(path: path) }
        let memory = try InMemoryModelFile(size: Int(header.plaintextSize), name: "dcml-sealed-model")
        try reader.decrypt(with: key, into: memory.bytes)
        return memory
    }
}

public enum SealedModelError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, SealingError)
    case notOneFile(path: String, files: Int)
    case changed(path: String)

    public var description: String {
        switch self {
        case let .unreadable(path, e): "cannot read the sealed model \(path): \(e)"
        case let .notOneFile(path, n):
            "sealed model \(path) holds a directory of \(n) files: the embedded engine serves one GGUF file, so seal the .gguf file itself"
        case .changed(let path): "sealed model \(path) was replaced since the node read its header: load it again"
        }
    }
}
