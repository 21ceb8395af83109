/// GPT-2 byte-level BPE as llama.cpp runs it for GGUF models (`tokenizer.ggml.model` = gpt2):
/// special tokens are cut out first, the rest is split into words by the model's
/// pre-tokenizer, each word's bytes become byte tokens and are merged by rank. Produces the
/// same ids as llama.cpp's `/tokenize` with `add_special: false`.
///
/// A value type over shared immutable tables; copies are cheap and safe to use from any thread.
public struct BPETokenizer: Sendable {
    let vocabulary: BPEVocabulary
    let cache: BPEWordCache

    /// Builds the tokenizer from `tokenizer.ggml.*` metadata.
    public init(gguf: GGUFFile) throws(TokenizerError) {
        let metadata = gguf.metadata
        let model = try Self.string(metadata, "tokenizer.ggml.model")
        guard model == "gpt2" else { throw .unsupportedModel(model) }
        let pre = metadata["tokenizer.ggml.pre"]?.string ?? "gpt2"
        let tokens = try Self.strings(metadata, "tokenizer.ggml.tokens")
        let merges = try Self.strings(metadata, "tokenizer.ggml.merges")
        var types: [Int32] = []
        if let value = metadata["tokenizer.ggml.token_type"] {
            guard let array = value.array else { throw .wrongMetadataType(key: "tokenizer.ggml.token_type", expected: "an array") }
            types = try array.map { v throws(TokenizerError) in
                guard let i = v.int, let t = Int32(exactly: i) else {
                    throw .wrongMetadataType(key: "tokenizer.ggml.token_type", expected: "an array of integers")
                }
                return t
            }
        }
        let extra = ["tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id"].compactMap {
            metadata[$0]?.int.flatMap { Int32(exactly: $0) }
        }
        try self.init(tokens: tokens, tokenTypes: types, merges: merges,
                      preTokenizer: try PreTokenizer(name: pre),
                      bosTokenID: metadata["tokenizer.ggml.bos_token_id"]?.int.flatMap { Int32(exactly: $0) },
                      eosTokenID: metadata["tokenizer.ggml.eos_token_id"]?.int.flatMap { Int32(exactly: $0) },
                      extraEndOfGeneration: extra)
    }

    /// Builds a tokenizer from explicit tables (GGUF layout: byte-level token texts, llama.cpp
    /// token types, merges as "left right" in rank order).
    public init(tokens: [String], tokenTypes: [Int32], merges: [String], preTokenizer: PreTokenizer,
                bosTokenID: Int32?, eosTokenID: Int32?, extraEndOfGeneration: [Int32] = []) throws(TokenizerError) {
        vocabulary = try BPEVocabulary(tokens: tokens, types: tokenTypes, merges: merges, preTokenizer: preTokenizer,
                                       bosTokenID: bosTokenID, eosTokenID: eosTokenID,
                                       extraEndOfGeneration: extraEndOfGeneration)
        cache = BPEWordCache()
    }

    public var vocabularySize: Int { vocabulary.count }
    public var bosTokenID: Int32? { vocabulary.bosTokenID }
    public var eosTokenID: Int32? { vocabulary.eosTokenID }
    public var preTokenizer: PreTokenizer { vocabulary.preTokenizer }

    /// Whether sampling `id` ends the model's turn (eos, and control tokens such as
    /// `<|im_end|>` and `<|endoftext|>` that chat formats use for it).
    public func isEndOfGeneration(_ id: Int32) -> Bool {
        vocabulary.endOfGeneration.contains(id)
    }

    public func tokenType(_ id: Int32) -> TokenType? {
        guard id >= 0, Int(id) < vocabulary.count else { return nil }
        return vocabulary.types[Int(id)]
    }

    /// The raw bytes `id` stands for: byte-level text decoded for normal tokens, the literal
    /// text for control and user-defined tokens, nothing for unused or out-of-range ids.
    /// One token may hold part of a UTF-8 character.
    public func tokenBytes(_ id: Int32) -> [UInt8] {
        Array(vocabulary.bytes(of: id))
    }

    /// Ids of `text`. With `parseSpecial`, the texts of control tokens (`<|im_start|>`) become
    /// those tokens; without, they are tokenized as ordinary text. No BOS is added
    /// (`add_bos_token` is false for the models this serves; prepend it if a model needs it).
    public func encode(_ text: String, parseSpecial: Bool = true) -> [Int32] {
        var text = text
        var out: [Int32] = []
        out.reserveCapacity(text.utf8.count / 3 + 1)
        text.withUTF8 { bytes in
            let fragments = vocabulary.specials.split(bytes, parseSpecial: parseSpecial)
            var scratch = PreTokenizer.Scratch()
            var symbols: [Int32] = []
            for fragment in fragments {
                switch fragment {
                case .special(let id):
                    out.append(id)
                case .text(let range):
                    vocabulary.preTokenizer.split(bytes, range, scratch: &scratch) { word in
                        encodeWord(bytes, word, symbols: &symbols, into: &out)
                    }
                }
            }
        }
        return out
    }

    private static let cachedWordLimit = 48

    @inline(__always)
    private func encodeWord(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Range<Int>,
                            symbols: inout [Int32], into out: inout [Int32]) {
        if word.count == 1 {
            let id = vocabulary.byteTokens[Int(bytes[word.lowerBound])]
            if id >= 0 { out.append(id) }
            return
        }
        let cacheable = word.count <= Self.cachedWordLimit
        var key = ""
        if cacheable {
            key = String(decoding: UnsafeBufferPointer(rebasing: bytes[word]), as: UTF8.self)
            if let ids = cache.ids(for: key) {
                out.append(contentsOf: ids)
                return
            }
        }
        symbols.removeAll(keepingCapacity: true)
        for i in word { symbols.append(vocabulary.byteTokens[Int(bytes[i])]) }
        vocabulary.merger.merge(&symbols)
        // Bytes without a token never merge (-1 matches no pair) and are dropped, as in llama.cpp.
        symbols.removeAll { $0 < 0 }
        out.append(contentsOf: symbols)
        if cacheable { cache.store(symbols, for: key) }
    }

    /// The text of `ids`. Bytes that do not form valid UTF-8 (a character cut off at either
    /// end) become U+FFFD; use `StreamingDetokenizer` to stream text token by token.
    public func decode(_ ids: [Int32], skipControlTokens: Bool = false) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 4)
        for id in ids {
            if skipControlTokens, tokenType(id) == .control { continue }
            bytes.append(contentsOf: vocabulary.bytes(of: id))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func string(_ metadata: [String: GGUFValue], _ key: String) throws(TokenizerError) -> String {
        guard let value = metadata[key] else { throw .missingMetadata(key: key) }
        guard let s = value.string else { throw .wrongMetadataType(key: key, expected: "a string") }
        return s
    }

    private static func strings(_ metadata: [String: GGUFValue], _ key: String) throws(TokenizerError) -> [String] {
        guard let value = metadata[key] else { throw .missingMetadata(key: key) }
        guard let array = value.array else { throw .wrongMetadataType(key: key, expected: "an array of strings") }
        var out: [String] = []
        out.reserveCapacity(array.count)
        for v in array {
            guard let s = v.string else { throw .wrongMetadataType(key: key, expected: "an array of strings") }
            out.append(s)
        }
        return out
    }
}
