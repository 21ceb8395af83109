/// Cuts text at special tokens before pre-tokenization, as llama.cpp's
/// `tokenizer_st_partition` does: longest token first, each splitting every remaining text
/// fragment at its leftmost occurrences. (A greedy left-to-right scan would differ when a
/// shorter token overlaps the start of a longer one.)
struct SpecialTokenSplitter: Sendable {
    struct Token: Sendable {
        var id: Int32
        var bytes: [UInt8]
        /// Control and unknown tokens only match when the caller parses specials;
        /// user-defined tokens always match (llama.cpp and Hugging Face agree).
        var onlyWhenParsingSpecials: Bool
    }

    enum Fragment: Equatable {
        case special(Int32)
        case text(Range<Int>)
    }

    /// Sorted longest first, ties by id, so the order is deterministic.
    let tokens: [Token]

    init(tokens: [Token]) {
        self.tokens = tokens.filter { !$0.bytes.isEmpty }.sorted {
            $0.bytes.count != $1.bytes.count ? $0.bytes.count > $1.bytes.count : $0.id < $1.id
        }
    }

    func split(_ text: UnsafeBufferPointer<UInt8>, parseSpecial: Bool) -> [Fragment] {
        var fragments: [Fragment] = text.isEmpty ? [] : [.text(0..<text.count)]
        for token in tokens {
            if token.onlyWhenParsingSpecials && !parseSpecial { continue }
            var result: [Fragment] = []
            var changed = false
            for fragment in fragments {
                guard case .text(let range) = fragment else {
                    result.append(fragment)
                    continue
                }
                var start = range.lowerBound
                while let hit = Self.find(token.bytes, in: text, start..<range.upperBound) {
                    changed = true
                    if hit > start { result.append(.text(start..<hit)) }
                    result.append(.special(token.id))
                    start = hit + token.bytes.count
                }
                if start < range.upperBound { result.append(.text(start..<range.upperBound)) }
            }
            if changed { fragments = result }
        }
        return fragments
    }

    private static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        let n = needle.count
        guard n <= range.count else { return nil }
        let first = needle[0]
        var i = range.lowerBound
        let last = range.upperBound - n
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < n, haystack[i + j] == needle[j] { j += 1 }
                if j == n { return i }
            }
            i += 1
        }
        return nil
    }
}
