import Foundation
import Testing
import TestSupport
@testable import Inference

/// Our tokenizer and chat template against the real llama.cpp (xllamacpp, in-process server)
/// on a few hundred generated strings: unicode scripts, emoji, code, whitespace runs, numbers,
/// contractions and special tokens in the middle of text.
@Suite("BPETokenizer and ChatTemplate against llama.cpp")
struct TokenizerDifferentialTests {
    static let oracleScript = #"""
    import json, sys, urllib.request
    import xllamacpp
    inputs = json.load(open(sys.argv[2], encoding="utf-8"))
    p = xllamacpp.CommonParams()
    p.model.path = sys.argv[1]
    p.n_ctx = 512
    p.cpuparams.n_threads = 1
    p.port = 0
    p.hostnames = ["127.0.0.1"]
    server = xllamacpp.Server(p)
    base = server.listening_address
    def post(path, body):
        req = urllib.request.Request(base + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
        return json.loads(urllib.request.urlopen(req, timeout=60).read())
    out = {
        "special": [post("/tokenize", {"content": t, "add_special": False, "parse_special": True})["tokens"] for t in inputs["texts"]],
        "plain": [post("/tokenize", {"content": t, "add_special": False, "parse_special": False})["tokens"] for t in inputs["plain"]],
        "templates": [post("/apply-template", {"messages": m})["prompt"] for m in inputs["chats"]],
    }
    print("ORACLE " + json.dumps(out))
    """#

    static let words = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "Hello", "world", "tokenizer",
                        "don't", "it's", "they'll", "I'm", "we've", "you're", "she'd", "IT'S", "O'Reilly", "rock'n'roll",
                        "naïve", "café", "Äpfel", "straße", "Ελληνικά", "русский", "українська", "עברית", "العربية",
                        "हिन्दी", "ภาษาไทย", "日本語", "中文字符", "한국어", "tiếng Việt", "e\u{301}", "🦙", "👩‍💻", "🇫🇷",
                        "😀😃", "✓", "→", "€100", "½", "²", "٣٤", "Ⅻ", "x**2", "f(x)", "{\"k\": [1, 2]}", "a_b", "ifelse",
                        "<|im_start|>", "<|im_end|>", "<|endoftext|>", "<file_sep>", "<|im_start", "im_end|>", "<>",
                        "3.14159", "1,000,000", "0x1F", "2024-01-01", "12:30", "...", "!!!", "?!", "--", "==", "->", "//",
                        "'s", "'ll", "'", "''", "\"", "`code`", "#", "@user", "$HOME", "%d", "&&", "||", "\\n", "\u{04}",
                        "\u{7F}", "\u{0}", "\u{85}", "\u{A0}", "\u{3000}", "\u{2028}", "\u{200B}", "\u{FEFF}", "\u{E000}"]
    static let spaces = [" ", " ", " ", " ", "  ", "   ", "\t", "\n", "\n\n", " \n", "\r\n", "\t\t", "    ", " \t ", ""]

    static func generatedTexts() -> [String] {
        var rng = SplitMix64(seed: 20_240_601)
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        var texts: [String] = []
        for _ in 0..<300 {
            var s = ""
            for _ in 0..<(1 + Int(rng.next() % 12)) {
                s += pick(words)
                s += pick(spaces)
            }
            texts.append(s)
        }
        texts += [
            "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n",
            "for (int i = 0; i < 10; ++i) {\n\tprintf(\"%d\\n\", i);\n}",
            "SELECT * FROM users WHERE id = 42;   -- comment\n\n\n",
            String(repeating: "a", count: 300), String(repeating: "ab ", count: 120), String(repeating: " ", count: 200) + "x",
            String(repeating: "=", count: 150), String(repeating: "\n", count: 70), String(repeating: "🦙", count: 40),
            String(repeating: "9", count: 90), "supercalifragilisticexpialidocious" + String(repeating: "ly", count: 50),
            "trailing whitespace   \t\n", "   ", "\t", "<|im_start|><|im_end|><|im_start|>", "x<|endoftext|>y",
        ]
        return texts
    }

    static let chats: [[ChatMessage]] = [
        [.init(role: "user", content: "Hi")],
        [.init(role: "system", content: "Be brief."), .init(role: "user", content: "Hi")],
        [.init(role: "user", content: "What is 2+2?"), .init(role: "assistant", content: "4."), .init(role: "user", content: "Sure? 🦙")],
        [.init(role: "system", content: "Ты полезный ассистент.\n"), .init(role: "user", content: "  日本語  "),
         .init(role: "assistant", content: ""), .init(role: "user", content: "<b>bold</b> {{ not jinja }}")],
    ]

    @Test func matchesLlamaCppTokenizeAndApplyTemplate() throws {
        let texts = Self.generatedTexts()
        let plain = Array(texts.prefix(80))
        let input = try JSONSerialization.data(withJSONObject: [
            "texts": texts, "plain": plain,
            "chats": Self.chats.map { $0.map { ["role": $0.role, "content": $0.content] } },
        ])
        let inputURL = FileManager.default.temporaryDirectory.appendingPathComponent("tokenizer-oracle-\(UUID().uuidString).json")
        try input.write(to: inputURL)
        defer { try? FileManager.default.removeItem(at: inputURL) }
        let stdout = try PythonPackages.run(script: Self.oracleScript, arguments: [try DefaultModelFixture.path(), inputURL.path],
                                            requirements: [PythonPackages.xllamacpp])
        let line = try #require(stdout.split(separator: "\n").last { $0.hasPrefix("ORACLE ") })
        let oracle = try #require(try JSONSerialization.jsonObject(with: Data(line.dropFirst(7).utf8)) as? [String: Any])
        let special = try #require(oracle["special"] as? [[NSNumber]]).map { $0.map(\.int32Value) }
        let plainIDs = try #require(oracle["plain"] as? [[NSNumber]]).map { $0.map(\.int32Value) }
        let templates = try #require(oracle["templates"] as? [String])
        try #require(special.count == texts.count && plainIDs.count == plain.count && templates.count == Self.chats.count)

        let tokenizer = try TokenizerFixture.tokenizer()
        var mismatches = 0
        for (text, expected) in zip(texts, special) {
            let ids = tokenizer.encode(text)
            if ids != expected { mismatches += 1 }
            #expect(ids == expected, "parse_special: \(text.debugDescription)")
        }
        for (text, expected) in zip(plain, plainIDs) {
            #expect(tokenizer.encode(text, parseSpecial: false) == expected, "plain: \(text.debugDescription)")
        }
        #expect(mismatches == 0)

        let template = try ChatTemplate(gguf: try TokenizerFixture.gguf())
        for (chat, expected) in zip(Self.chats, templates) {
            #expect(try template.render(messages: chat, addGenerationPrompt: true) == expected)
        }
    }

    /// decode(encode(x)) == x whenever x has no byte the vocabulary lacks.
    @Test func roundTrips() throws {
        let tokenizer = try TokenizerFixture.tokenizer()
        let missing = Set<UInt8>([0x04, 0x06, 0x13, 0x14, 0x16, 0x1D])
        for text in Self.generatedTexts() where !text.utf8.contains(where: missing.contains) {
            #expect(tokenizer.decode(tokenizer.encode(text)) == text, "\(text.debugDescription)")
            #expect(tokenizer.decode(tokenizer.encode(text, parseSpecial: false)) == text)
        }
    }

    /// About 1 MB of English-like text; prints the encoding speed (no timing assertion).
    @Test func encodesAMegabyteAndRoundTrips() throws {
        var rng = SplitMix64(seed: 7)
        let vocabulary = ["the", "of", "and", "to", "in", "is", "was", "that", "for", "it", "with", "as", "his", "on",
                          "be", "at", "by", "I", "this", "had", "not", "are", "but", "from", "or", "have", "an", "they",
                          "which", "one", "you", "were", "her", "all", "she", "there", "would", "their", "we", "him",
                          "been", "has", "when", "who", "will", "more", "no", "if", "out", "so", "said", "what", "up",
                          "its", "about", "into", "than", "them", "can", "only", "other", "new", "some", "could", "time",
                          "these", "two", "may", "then", "do", "first", "any", "my", "now", "such", "like", "our", "over",
                          "man", "me", "even", "most", "made", "after", "also", "did", "many", "before", "must", "through",
                          "years", "where", "much", "your", "way", "well", "down", "should", "because", "each", "just",
                          "those", "people", "Mr.", "how", "too", "little", "state", "good", "very", "make", "world",
                          "still", "own", "see", "men", "work", "long", "get", "here", "between", "both", "life", "being",
                          "under", "never", "day", "same", "another", "know", "while", "last", "might", "us", "great",
                          "old", "year", "off", "come", "since", "against", "go", "came", "right", "used", "take",
                          "three", "tokenization", "transformer", "confidential", "decentralized", "inference"]
        var text = ""
        while text.utf8.count < 1_000_000 {
            let sentence = (0..<(5 + Int(rng.next() % 15))).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }
            text += sentence.joined(separator: " ").capitalized(first: true) + (rng.next() % 5 == 0 ? ".\n\n" : ". ")
            if rng.next() % 20 == 0 { text += "In \(1900 + rng.next() % 120), \(rng.next() % 1000) of them said \"no\"; ok? " }
        }
        let fresh = try BPETokenizer(gguf: try TokenizerFixture.gguf())  // cold word cache
        let clock = ContinuousClock()
        var ids: [Int32] = []
        let cold = clock.measure { ids = fresh.encode(text) }
        let warm = clock.measure { ids = fresh.encode(text) }
        let mb = Double(text.utf8.count) / 1_000_000
        func rate(_ d: Duration) -> Double { mb / (Double(d.components.attoseconds) / 1e18 + Double(d.components.seconds)) }
        print("tokenizer encode: \(text.utf8.count) bytes -> \(ids.count) tokens; cold cache \(String(format: "%.1f", rate(cold))) MB/s, warm \(String(format: "%.1f", rate(warm))) MB/s")
        #expect(fresh.decode(ids) == text)
        #expect(ids.count > 150_000)
    }
}

private extension String {
    func capitalized(first: Bool) -> String { prefix(1).uppercased() + dropFirst() }
}
