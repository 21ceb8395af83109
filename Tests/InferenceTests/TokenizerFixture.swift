import Foundation
import Testing
import TestSupport
@testable import Inference

/// The SmolLM2 GGUF and its tokenizer, loaded once per test process.
enum TokenizerFixture {
    private static let loaded = Result { () throws -> (GGUFFile, BPETokenizer) in
        let file = try GGUFFile(path: try DefaultModelFixture.path())
        return (file, try BPETokenizer(gguf: file))
    }

    static func gguf() throws -> GGUFFile { try loaded.get().0 }
    static func tokenizer() throws -> BPETokenizer { try loaded.get().1 }

    struct GoldenCase {
        var text: String?
        var render: String?
        var renderDefaultSystem: String?
        var ids: [Int32]?
    }

    /// Every case of `smollm2/smollm2_tokenizer_golden.json` (produced by llama.cpp).
    static func goldenCases() throws -> [GoldenCase] {
        let data = try SharedVectors.data("smollm2/smollm2_tokenizer_golden.json")
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        return cases.map { c in
            GoldenCase(text: c["text"] as? String,
                       render: c["chat_template_render"] as? String,
                       renderDefaultSystem: c["chat_template_render_default_system"] as? String,
                       ids: (c["ids"] as? [NSNumber])?.map { $0.int32Value })
        }
    }
}
