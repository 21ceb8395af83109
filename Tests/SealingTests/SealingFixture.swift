import Foundation
import Inference
@testable import Sealing

/// A temporary directory with small models, removed when dropped; small chunk sizes keep every
/// test to milliseconds while still producing many chunks.
final class SealingFixture {
    let root: String
    let key = ModelSecretKey()

    init() throws {
        root = NSTemporaryDirectory() + "sealing-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ name: String) -> String { root + "/" + name }

    /// Deterministic pseudo-random bytes.
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    @discardableResult
    func writeFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let p = path(name)
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }

    /// A model directory with nested, empty and chunk-straddling files.
    func makeDirectoryModel(_ name: String = "model") throws -> String {
        try writeFile("\(name)/config.json", Array(#"{"arch":"llama"}"#.utf8))
        try writeFile("\(name)/weights/part-1.bin", Self.bytes(1000, seed: 1))
        try writeFile("\(name)/weights/part-2.bin", Self.bytes(333, seed: 2))
        try writeFile("\(name)/empty.txt", [])
        try writeFile("\(name)/tokenizer.json", Self.bytes(64, seed: 3))
        return path(name)
    }

    func seal(_ model: String, to name: String, chunkSize: Int = 64, workers: Int = 2) throws -> String {
        let out = path(name)
        try ModelSealer(chunkSize: chunkSize, workers: workers).seal(modelAt: model, for: key.publicKey, to: out)
        return out
    }

    func read(_ p: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: p))) }

    /// Copies a sealed file with `edit` applied to its bytes.
    func tampered(_ sealed: String, _ name: String, _ edit: (inout [UInt8]) throws -> Void) throws -> String {
        var b = try read(sealed)
        try edit(&b)
        return try writeFile(name, b)
    }

    /// The error that decrypting `sealed` with `key` throws, or nil.
    func decryptError(_ sealed: String, key: ModelSecretKey? = nil) -> SealingError? {
        do {
            _ = try SealedModelReader(path: sealed).decrypt(with: key ?? self.key)
            return nil
        } catch { return error }
    }
}
