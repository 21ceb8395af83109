import Foundation
import Testing
import TestSupport
@testable import Inference

/// The engine against llama.cpp's own greedy output on the real model.
@Suite(.serialized)
struct LlamaModelTests {
    /// `vectors/smollm2/smollm2_greedy_reference.txt`: prompt ids and llama.cpp's greedy ids.
    static func reference() throws -> (prompt: [Int32], output: [Int32]) {
        let text = try String(contentsOf: SharedVectors.url("smollm2/smollm2_greedy_reference.txt"), encoding: .utf8)
        let numberLines = text.split(separator: "\n").filter { $0.first?.isNumber == true }
        let rows = numberLines.map { $0.split(separator: ",").map { Int32($0.trimmingCharacters(in: .whitespaces))! } }
        return (rows[0], rows[1])
    }

    @Test func greedyDecodeEqualsLlamaCppTokenForToken() throws {
        let file = try GGUFFile(path: try DefaultModelFixture.path())
        let model = try LlamaModel(file: file, threads: 2, maxBatch: 64)
        let (prompt, expected) = try Self.reference()
        let cache = model.makeCache(initialCapacity: 16, limit: 512)
        var batch = prompt.enumerated().map { BatchToken(token: $1, position: $0, cache: cache, wantsLogits: $0 == prompt.count - 1) }
        var produced: [Int32] = []
        while produced.count < expected.count {
            let logits = model.forward(batch)
            let next = Sampler.argmax(UnsafeBufferPointer(logits))
            produced.append(next)
            if next == 2 { break }
            batch = [BatchToken(token: next, position: prompt.count + produced.count - 1, cache: cache, wantsLogits: true)]
        }
        #expect(produced == expected)
    }

    @Test func batchedTokensGiveTheSameLogitsAsOneAtATime() throws {
        let file = try GGUFFile(path: try DefaultModelFixture.path())
        let model = try LlamaModel(file: file, threads: 2, maxBatch: 64)
        let tokens: [Int32] = [1, 9690, 198, 2683, 359, 253, 5356]
        // Whole prompt at once, logits for every position.
        let a = model.makeCache(initialCapacity: 4, limit: 64)
        let together = Array(model.forward(tokens.enumerated().map { BatchToken(token: $1, position: $0, cache: a, wantsLogits: true) }))
        // One token per forward pass, growing the cache from 1 slot.
        let b = model.makeCache(initialCapacity: 1, limit: 64)
        var single: [Float] = []
        for (p, t) in tokens.enumerated() {
            single += model.forward([BatchToken(token: t, position: p, cache: b, wantsLogits: true)])
        }
        #expect(together.count == single.count)
        let worst = zip(together, single).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-3, "largest logit difference \(worst)")
    }

    @Test func rejectsAFileThatIsNotALlamaModel() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-model-\(UUID()).gguf").path
        FileManager.default.createFile(atPath: path, contents: Data("GGUF".utf8) + Data(repeating: 0, count: 40))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: GGUFError.self) { try GGUFFile(path: path) }
    }
}
