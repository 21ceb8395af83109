/// Turns a stream of token ids into text deltas that never split a UTF-8 character: a token
/// may hold only the first bytes of an emoji or CJK character, so those bytes wait until the
/// character is complete. Bytes that can never complete a character become U+FFFD at once,
/// and `finish()` flushes whatever is left (an unfinished character as U+FFFD).
public struct StreamingDetokenizer: Sendable {
    public let tokenizer: BPETokenizer
    /// Whether control tokens (`<|im_end|>`) contribute their text. Off by default: a model's
    /// turn markers are not part of the completion.
    public var includeControlTokens: Bool
    private var pending: [UInt8] = []

    public init(tokenizer: BPETokenizer, includeControlTokens: Bool = false) {
        self.tokenizer = tokenizer
        self.includeControlTokens = includeControlTokens
    }

    /// Adds one token; returns the text that became complete (often empty mid-character).
    public mutating func feed(_ id: Int32) -> String {
        if !includeControlTokens, tokenizer.tokenType(id) == .control { return "" }
        return feed(bytes: tokenizer.vocabulary.bytes(of: id))
    }

    mutating func feed(bytes: some Collection<UInt8>) -> String {
        pending.append(contentsOf: bytes)
        let keep = Self.incompleteSuffixLength(pending)
        guard pending.count > keep else { return "" }
        let text = String(decoding: pending[..<(pending.count - keep)], as: UTF8.self)
        pending.removeFirst(pending.count - keep)
        return text
    }

    /// The rest of the text; an unfinished character becomes U+FFFD. Resets the state.
    public mutating func finish() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// Whether bytes are waiting for the rest of a character.
    public var hasPendingBytes: Bool { !pending.isEmpty }

    /// How many trailing bytes are the valid start of a UTF-8 sequence that more bytes could
    /// still complete (0 to 3).
    static func incompleteSuffixLength(_ b: [UInt8]) -> Int {
        let n = b.count
        for k in 1...min(3, max(n, 1)) where k <= n {
            let lead = b[n - k]
            let needed: Int
            switch lead {
            case 0x80...0xBF: continue
            case 0xC2...0xDF: needed = 2
            case 0xE0...0xEF: needed = 3
            case 0xF0...0xF4: needed = 4
            default: return 0
            }
            guard needed > k else { return 0 }
            for j in 1..<k {
                var range: ClosedRange<UInt8> = 0x80...0xBF
                if j == 1 {
                    switch lead {
                    case 0xE0: range = 0xA0...0xBF
                    case 0xED: range = 0x80...0x9F
                    case 0xF0: range = 0x90...0xBF
                    case 0xF4: range = 0x80...0x8F
                    default: break
                    }
                }
                if !range.contains(b[n - k + j]) { return 0 }
            }
            return k
        }
        return 0
    }
}
