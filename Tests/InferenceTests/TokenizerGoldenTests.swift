import Foundation
import Testing
import TestSupport
@testable import Inference

@Suite("BPETokenizer against llama.cpp's golden ids")
struct TokenizerGoldenTests {
    @Test func everyGoldenCaseEncodesToLlamaCppIDs() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let cases = try TokenizerFixture.goldenCases()
        var checked = 0
        for c in cases {
            guard let ids = c.ids, let text = c.text ?? c.render else { continue }
            #expect(tokenizer.encode(text) == ids, "text: \(text.debugDescription)")
            #expect(tokenizer.decode(ids) == text)
            checked += 1
        }
        #expect(checked == 16)
    }

    @Test func vocabularyMetadata() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        #expect(tokenizer.vocabularySize == 49152)
        #expect(tokenizer.bosTokenID == 1)
        #expect(tokenizer.eosTokenID == 2)
        #expect(tokenizer.preTokenizer.kind == .smolLM)
        #expect(tokenizer.isEndOfGeneration(2))
        #expect(tokenizer.isEndOfGeneration(0))
        #expect(!tokenizer.isEndOfGeneration(1))
        #expect(!tokenizer.isEndOfGeneration(198))
        #expect(tokenizer.tokenType(1) == .control)
        #expect(tokenizer.tokenType(198) == .normal)
    }

    @Test func tokenBytes() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        #expect(tokenizer.tokenBytes(2) == Array("<|im_end|>".utf8))
        #expect(tokenizer.tokenBytes(198) == [0x0A])
        #expect(tokenizer.tokenBytes(216) == [0x20])
        #expect(tokenizer.tokenBytes(19556) == Array("Hello".utf8))
        #expect(tokenizer.tokenBytes(905) == Array(" world".utf8))
        #expect(tokenizer.tokenBytes(-1) == [])
        #expect(tokenizer.tokenBytes(49152) == [])
        // Every byte has a token whose bytes are exactly that byte.
        for b in 0..<256 {
            let id = tokenizer.encode(String(decoding: [UInt8(b)], as: UTF8.self)).first
            if b < 0x80, ![0x04, 0x06, 0x13, 0x14, 0x16, 0x1D].contains(b) {
                #expect(tokenizer.tokenBytes(try #require(id)) == [UInt8(b)])
            }
        }
    }

    @Test func specialTokensOnlyWhenParsed() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let text = "<|im_start|>user\nHi<|im_end|>\n"
        #expect(tokenizer.encode(text, parseSpecial: true) == [1, 4093, 198, 26843, 2, 198])
        let plain = tokenizer.encode(text, parseSpecial: false)
        #expect(!plain.contains(1) && !plain.contains(2))
        #expect(tokenizer.decode(plain) == text)
    }

    @Test func decodeSkipsControlTokensOnRequest() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let ids = tokenizer.encode("<|im_start|>assistant\nHi<|im_end|>")
        #expect(tokenizer.decode(ids, skipControlTokens: true) == "assistant\nHi")
    }
}
