import Foundation
import Testing
@testable import Inference

@Suite("StreamingDetokenizer: UTF-8-safe text deltas")
struct DetokenizerTests {
    /// The id whose bytes are exactly `[byte]`.
    static func byteToken(_ tokenizer: BPETokenizer, _ byte: UInt8) throws -> Int32 {
        try #require((0..<Int32(tokenizer.vocabularySize)).first { tokenizer.tokenBytes($0) == [byte] })
    }

    static func stream(_ ids: [Int32], _ tokenizer: BPETokenizer) -> (chunks: [String], tail: String) {
        var detokenizer = StreamingDetokenizer(tokenizer: tokenizer, includeControlTokens: true)
        let chunks = ids.map { detokenizer.feed($0) }
        return (chunks, detokenizer.finish())
    }

    @Test(arguments: ["🦙", "日本語のテキスト", "emoji 👩‍👩‍👧‍👦 family, flags 🇫🇷🇯🇵, cafe\u{301}",
                      "Äpfel naïve café 🦙 日本語", "한국어 텍스트와 中文 混合 🎉🎊", "𝕏 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𓀀"])
    func multiByteCharactersAreNeverSplit(text: String) throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let ids = tokenizer.encode(text)
        let (chunks, tail) = Self.stream(ids, tokenizer)
        #expect(chunks.joined() + tail == text)
        #expect(tail.isEmpty)
        #expect(!chunks.contains { $0.contains("\u{FFFD}") })
        // At least one token carries only part of a character, and that token yields nothing yet.
        #expect(ids.count > text.unicodeScalars.count || chunks.contains(""))
    }

    @Test func emojiSplitAcrossByteTokens() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let bytes = Array("🦙".utf8)  // F0 9F A6 99
        var detokenizer = StreamingDetokenizer(tokenizer: tokenizer)
        for b in bytes.dropLast() {
            #expect(detokenizer.feed(try Self.byteToken(tokenizer, b)) == "")
            #expect(detokenizer.hasPendingBytes)
        }
        #expect(detokenizer.feed(try Self.byteToken(tokenizer, bytes.last!)) == "🦙")
        #expect(detokenizer.finish() == "")
    }

    @Test func invalidSequencesBecomeReplacementCharacters() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let a = tokenizer.encode("A")[0]
        var d = StreamingDetokenizer(tokenizer: tokenizer)
        // A lone continuation byte can never complete: replaced at once.
        #expect(d.feed(try Self.byteToken(tokenizer, 0x80)) == "\u{FFFD}")
        // A truncated 3-byte sequence followed by ASCII: one U+FFFD, then the letter.
        #expect(d.feed(try Self.byteToken(tokenizer, 0xE2)) == "")
        #expect(d.feed(try Self.byteToken(tokenizer, 0x82)) == "")
        #expect(d.feed(a) == "\u{FFFD}A")
        // 0xE0 0x80 is not a valid prefix (overlong): replaced without waiting.
        #expect(d.feed(try Self.byteToken(tokenizer, 0xE0)) == "")
        #expect(d.feed(try Self.byteToken(tokenizer, 0x80)) == "\u{FFFD}\u{FFFD}")
        // An unfinished character at the end is flushed by finish().
        #expect(d.feed(try Self.byteToken(tokenizer, 0xF0)) == "")
        #expect(d.feed(try Self.byteToken(tokenizer, 0x9F)) == "")
        #expect(d.finish() == "\u{FFFD}")
        #expect(!d.hasPendingBytes)
    }

    @Test func controlTokensAreSkippedUnlessRequested() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let ids = tokenizer.encode("Hi<|im_end|>")
        var plain = StreamingDetokenizer(tokenizer: tokenizer)
        #expect(ids.map { plain.feed($0) }.joined() + plain.finish() == "Hi")
        var all = StreamingDetokenizer(tokenizer: tokenizer, includeControlTokens: true)
        #expect(ids.map { all.feed($0) }.joined() + all.finish() == "Hi<|im_end|>")
    }

    /// Random id sequences (many partial and invalid byte sequences): the streamed text always
    /// equals decoding everything at once, and every delta is cut at a character boundary.
    @Test func streamingEqualsWholeDecodeForRandomIDs() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let byteIDs = try (0x80...0xF4).compactMap { b in
            (0..<Int32(300)).first { tokenizer.tokenBytes($0) == [UInt8(b)] }
        }
        var rng = SplitMix64(seed: 42)
        for _ in 0..<300 {
            let ids: [Int32] = (0..<Int(rng.next() % 24)).map { _ in
                rng.next() % 3 == 0 ? Int32(rng.next() % UInt64(tokenizer.vocabularySize))
                                    : byteIDs[Int(rng.next() % UInt64(byteIDs.count))]
            }
            let (chunks, tail) = Self.stream(ids, tokenizer)
            #expect(chunks.joined() + tail == tokenizer.decode(ids))
        }
    }

    @Test func incompleteSuffixLength() {
        #expect(StreamingDetokenizer.incompleteSuffixLength([]) == 0)
        #expect(StreamingDetokenizer.incompleteSuffixLength([0x41]) == 0)
        #expect(StreamingDetokenizer.incompleteSuffixLength([0x41, 0xC3]) == 1)
        #expect(StreamingDetokenizer.incompleteSuffixLength([0xC3, 0xA9]) == 0)
        #expect(StreamingDetokenizer.incompleteSuffixLength([0xE6, 0x97]) == 2)
        #expect(StreamingDetokenizer.incompleteSuffixLength([0xF0, 0x9F, 0xA6]) == 3)
        #expect(StreamingDetokenizer.incompleteSuffixLength([0xF0, 0x9F, 0xA6, 0x99]) == 0)
        #expect(StreamingDetokenizer.incompleteSuffixLength([0xED, 0xA0]) == 0)  // surrogate
        #expect(StreamingDetokenizer.incompleteSuffixLength([0xF4, 0x90]) == 0)  // > U+10FFFF
        #expect(StreamingDetokenizer.incompleteSuffixLength([0xC0]) == 0)
        #expect(StreamingDetokenizer.incompleteSuffixLength([0xF5]) == 0)
    }
}

/// A small deterministic generator so generated test inputs are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
