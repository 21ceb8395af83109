import Foundation
import Inference
import Testing
@testable import Sealing

@Suite struct SealRoundTripTests {
    @Test(arguments: [16, 64, 1000, 1 << 20])
    func singleFileRoundTrip(chunkSize: Int) throws {
        let f = try SealingFixture()
        let bytes = SealingFixture.bytes(5000, seed: 7)
        let model = try f.writeFile("model.gguf", bytes)
        let sealed = try f.seal(model, to: "model.sealed", chunkSize: chunkSize)
        let reader = try SealedModelReader(path: sealed)
        #expect(reader.header.layout == .file)
        #expect(reader.header.manifest.entries.map(\.path) == ["model.gguf"])
        #expect(reader.fileSize == reader.header.sealedFileSize)

        let decrypted = try reader.decrypt(with: f.key)
        #expect(decrypted.withUnsafeBytes { Array($0) } == bytes)
        #expect(decrypted.modelHash == (try ModelManifest.of(path: model)).modelHash)

        try reader.unseal(with: f.key, to: f.path("out.gguf"))
        #expect(try f.read(f.path("out.gguf")) == bytes)
    }

    @Test func directoryRoundTrip() throws {
        let f = try SealingFixture()
        let model = try f.makeDirectoryModel()
        let sealed = try f.seal(model, to: "dir.sealed", chunkSize: 100)
        let reader = try SealedModelReader(path: sealed)
        #expect(reader.header.layout == .directory)
        try reader.unseal(with: f.key, to: f.path("restored"))
        let original = try ModelManifest.of(path: model)
        #expect(try ModelManifest.of(path: f.path("restored")) == original)
        for e in original.entries {
            #expect(try f.read(f.path("restored/\(e.path)")) == (try f.read(model + "/" + e.path)))
        }
        let memory = try reader.decrypt(with: f.key)
        #expect(memory.withFile("weights/part-2.bin") { Array($0) } == SealingFixture.bytes(333, seed: 2))
        #expect(memory.withFile("empty.txt") { $0.count } == 0)
    }

    @Test func modelHashOfDirectoryEqualsSealedForm() throws {
        let f = try SealingFixture()
        let model = try f.makeDirectoryModel()
        let direct = try ModelManifest.of(path: model)
        #expect(try ModelHasher.manifest(of: model) == direct)
        let reader = try SealedModelReader(path: try f.seal(model, to: "dir.sealed"))
        #expect(reader.header.modelHash == direct.modelHash)
        #expect(reader.header.manifest == direct)
    }

    @Test func emptyModelFile() throws {
        let f = try SealingFixture()
        let model = try f.writeFile("empty.gguf", [])
        let reader = try SealedModelReader(path: try f.seal(model, to: "empty.sealed"))
        #expect(reader.header.chunkCount == 1)
        #expect(try reader.decrypt(with: f.key).count == 0)
    }

    @Test func exactMultipleOfChunkSize() throws {
        let f = try SealingFixture()
        let bytes = SealingFixture.bytes(256, seed: 9)
        let reader = try SealedModelReader(path: try f.seal(try f.writeFile("m.gguf", bytes), to: "m.sealed", chunkSize: 64))
        #expect(reader.header.chunkCount == 4)
        #expect(try reader.decrypt(with: f.key).withUnsafeBytes { Array($0) } == bytes)
    }

    @Test func inspectWithoutKey() throws {
        let f = try SealingFixture()
        let model = try f.makeDirectoryModel()
        let sealed = try f.seal(model, to: "dir.sealed", chunkSize: 128)
        let header = try SealedModelReader(path: sealed).header
        #expect(header.recipient == f.key.publicKey)
        #expect(header.chunkSize == 128)
        #expect(header.plaintextSize == 16 + 1000 + 333 + 64)
        #expect(header.manifest.entries.map(\.path) == ["config.json", "empty.txt", "tokenizer.json", "weights/part-1.bin", "weights/part-2.bin"])
        #expect(header.modelHash == (try ModelManifest.of(path: model)).modelHash)
    }

    @Test func sealingTwiceGivesDifferentFilesSameModelHash() throws {
        let f = try SealingFixture()
        let model = try f.writeFile("m.gguf", SealingFixture.bytes(300, seed: 4))
        let a = try f.seal(model, to: "a.sealed"), b = try f.seal(model, to: "b.sealed")
        #expect(try f.read(a) != (try f.read(b)))
        #expect(try SealedModelReader(path: a).header.modelHash == (try SealedModelReader(path: b).header.modelHash))
    }

    @Test func refusesExistingOutputAndLeavesNothingOnFailure() throws {
        let f = try SealingFixture()
        let model = try f.writeFile("m.gguf", SealingFixture.bytes(300, seed: 4))
        let sealed = try f.seal(model, to: "m.sealed")
        #expect(throws: SealingError.outputExists(sealed)) { try f.seal(model, to: "m.sealed") }
        let bad = try f.tampered(sealed, "bad.sealed") { $0[$0.count - 1] ^= 1 }
        #expect(throws: SealingError.self) { try SealedModelReader(path: bad).unseal(with: f.key, to: f.path("out.gguf")) }
        let left = try FileManager.default.contentsOfDirectory(atPath: f.root)
        #expect(!left.contains { $0.contains("out.gguf") })
    }

    @Test func singleWorkerMatchesParallel() throws {
        let f = try SealingFixture()
        let bytes = SealingFixture.bytes(10_000, seed: 5)
        let model = try f.writeFile("m.gguf", bytes)
        let sealed = try f.seal(model, to: "one.sealed", chunkSize: 32, workers: 1)
        let reader = try SealedModelReader(path: sealed)
        reader.workers = 3
        #expect(try reader.decrypt(with: f.key).withUnsafeBytes { Array($0) } == bytes)
    }
}
