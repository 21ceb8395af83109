import Foundation
import Testing
import TestSupport
@testable import Inference

struct GGUFFileTests {
    @Test func readsTheDefaultModelsMetadataAndTensors() throws {
        let file = try GGUFFile(path: try DefaultModelFixture.path())
        #expect(file.version == 3)
        #expect(try file.string("general.architecture") == "llama")
        #expect(try file.int("llama.block_count") == 30)
        #expect(file.tensors.count == 272)
        let embedding = try file.tensor("token_embd.weight")
        #expect(embedding.type == .q8_0)
        #expect(embedding.shape == [576, 49_152])
        #expect(try file.tensor("blk.0.attn_q.weight").type == .q4_1)
        let h = try LlamaHyperparameters(file)
        #expect(h.headWidth == 64 && h.kvWidth == 192 && h.vocabularySize == 49_152 && h.ropeBase == 100_000)
    }

    @Test func truncatedFilesGiveTypedErrorsNeverACrash() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try DefaultModelFixture.path()), options: .alwaysMapped)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-trunc-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Cut inside the magic, the counts, the metadata (token arrays), the tensor table, the data.
        for length in [3, 10, 30, 1_000, 500_000, 2_000_000, 30_000_000, data.count - 1] {
            let path = dir.appendingPathComponent("\(length).gguf").path
            FileManager.default.createFile(atPath: path, contents: data.prefix(length))
            #expect(throws: GGUFError.self, "a file cut at \(length) bytes must be rejected") { try GGUFFile(path: path) }
        }
    }

    @Test func badMagicIsNamed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("magic-\(UUID()).gguf").path
        FileManager.default.createFile(atPath: path, contents: Data("GGML".utf8) + Data(repeating: 0, count: 40))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: GGUFError.badMagic(found: 0x4C4D_4747)) { try GGUFFile(path: path) }
    }
}
