import Crypto
import Foundation
import Inference
import Testing

@Suite struct ModelManifestTests {
    private func tempDir() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    @Test func canonicalBytesAreSortedLinesOfPathSizeAndDigest() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("bbb".utf8).write(to: dir.appendingPathComponent("b.bin"))
        try Data("a".utf8).write(to: dir.appendingPathComponent("sub/a.bin"))
        let m = try ModelManifest.of(path: dir.path)
        let hex = { (s: String) in SHA256.hash(data: Data(s.utf8)).map { String(format: "%02x", $0) }.joined() }
        let expected = "b.bin\t3\t\(hex("bbb"))\nsub/a.bin\t1\t\(hex("a"))\n"
        #expect(String(decoding: m.canonicalBytes, as: UTF8.self) == expected)
        #expect(m.modelHash.hex == hex(expected))
    }

    @Test func singleFileIsAModelOfOneEntryAndContentChangesTheHash() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("model.gguf")
        try Data("weights".utf8).write(to: f)
        let a = try ModelManifest.of(path: f.path)
        #expect(a.entries.map(\.path) == ["model.gguf"])
        try Data("weightz".utf8).write(to: f)
        #expect(try ModelManifest.of(path: f.path).modelHash != a.modelHash)
        #expect(throws: ModelManifestError.self) { try ModelManifest.of(path: dir.appendingPathComponent("missing").path) }
    }
}
