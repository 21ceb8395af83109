/// Splits text into the words BPE merges within, exactly as llama.cpp's hand-written GPT-2
/// splitter does (`unicode_regex_split_custom_gpt2`), so ids match llama.cpp token for token:
///
/// - `smollm` first isolates every `\p{N}` scalar (each digit is its own word), then applies the
///   GPT-2 pattern to the text between them;
/// - `gpt2` applies the GPT-2 pattern alone:
///   `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
///
/// Hand-written rather than a regex engine: it runs on Unicode scalars (never grapheme clusters,
/// which would glue combining marks to letters) and costs one pass per fragment.
public struct PreTokenizer: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case smolLM = "smollm"
        case gpt2 = "gpt2"
    }

    public let kind: Kind

    public init(kind: Kind) { self.kind = kind }

    /// `tokenizer.ggml.pre` names this splitter implements.
    public init(name: String) throws(TokenizerError) {
        guard let kind = Kind(rawValue: name) else { throw .unsupportedPreTokenizer(name) }
        self.kind = kind
    }

    /// The scalars of one fragment, decoded once and reused across fragments.
    struct Scratch {
        var values: [UInt32] = []
        var classes: [ScalarClass] = []
        /// Byte offset of each scalar, plus the end offset.
        var offsets: [Int] = []
    }

    /// Calls `body` with the byte range of every word of `bytes[range]`, in order.
    func split(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, scratch: inout Scratch,
               _ body: (Range<Int>) -> Void) {
        scratch.values.removeAll(keepingCapacity: true)
        scratch.classes.removeAll(keepingCapacity: true)
        scratch.offsets.removeAll(keepingCapacity: true)
        var i = range.lowerBound
        while i < range.upperBound {
            let (value, length) = Self.decodeScalar(bytes, at: i, end: range.upperBound)
            scratch.values.append(value)
            scratch.classes.append(ScalarClass(value))
            scratch.offsets.append(i)
            i += length
        }
        scratch.offsets.append(range.upperBound)
        let count = scratch.values.count
        scratch.values.withUnsafeBufferPointer { values in
            scratch.classes.withUnsafeBufferPointer { classes in
                scratch.offsets.withUnsafeBufferPointer { offsets in
                    switch kind {
                    case .gpt2:
                        Self.gpt2(values, classes, offsets, 0, count, body)
                    case .smolLM:
                        var start = 0
                        for k in 0..<count where classes[k] == .number {
                            Self.gpt2(values, classes, offsets, start, k, body)
                            body(offsets[k]..<offsets[k + 1])
                            start = k + 1
                        }
                        Self.gpt2(values, classes, offsets, start, count, body)
                    }
                }
            }
        }
    }

    /// Decodes one scalar of valid UTF-8 (Swift strings always are).
    @inline(__always)
    static func decodeScalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> (UInt32, Int) {
        let b0 = UInt32(b[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0, i + 1 < end { return ((b0 & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F), 2) }
        if b0 < 0xF0, i + 2 < end {
            return ((b0 & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F), 3)
        }
        if i + 3 < end {
            return ((b0 & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6
                    | UInt32(b[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// The GPT-2 pattern over scalars `[start, end)`; mirrors llama.cpp branch for branch.
    static func gpt2(_ cp: UnsafeBufferPointer<UInt32>, _ cls: UnsafeBufferPointer<ScalarClass>,
                     _ off: UnsafeBufferPointer<Int>, _ start: Int, _ end: Int,
                     _ body: (Range<Int>) -> Void) {
        var pos = start
        var previousEnd = start
        @inline(__always) func emit(_ e: Int) {
            if e > previousEnd { body(off[previousEnd]..<off[e]) }
            previousEnd = e
        }
        let apostrophe: UInt32 = 0x27, space: UInt32 = 0x20
        while pos < end {
            let c = cp[pos]
            // 's|'t|'re|'ve|'m|'ll|'d
            if c == apostrophe, pos + 1 < end {
                let n = cp[pos + 1]
                if n == 0x73 || n == 0x74 || n == 0x6D || n == 0x64 {  // s t m d
                    pos += 2; emit(pos); continue
                }
                if pos + 2 < end {
                    let nn = cp[pos + 2]
                    if (n == 0x72 && nn == 0x65) || (n == 0x76 && nn == 0x65) || (n == 0x6C && nn == 0x6C) {  // re ve ll
                        pos += 3; emit(pos); continue
                    }
                }
            }
            let following: ScalarClass = c == space ? (pos + 1 < end ? cls[pos + 1] : .end) : cls[pos]
            switch following {
            case .letter, .number, .other:
                // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`
                if c == space { pos += 1 }
                while pos < end, cls[pos] == following { pos += 1 }
                emit(pos)
                continue
            case .whitespace, .end:
                break
            }
            var spaces = 0
            while pos + spaces < end, cls[pos + spaces] == .whitespace { spaces += 1 }
            if spaces > 1, pos + spaces < end {
                // `\s+(?!\S)`: leave the last space to prefix the next word.
                pos += spaces - 1
                emit(pos)
                continue
            }
            if spaces > 0 {
                pos += spaces
                emit(pos)
                continue
            }
            pos += 1
            emit(pos)
        }
    }
}

/// The scalar categories the split pattern distinguishes.
enum ScalarClass: UInt8, Sendable {
    case other, letter, number, whitespace
    /// Past the end of the fragment (llama.cpp's empty flags).
    case end

    private static let ascii: [ScalarClass] = (0..<128).map { v in
        let s = Unicode.Scalar(UInt8(v))
        if s.properties.isWhitespace { return .whitespace }
        if (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v) { return .letter }
        if (0x30...0x39).contains(v) { return .number }
        return .other
    }

    @inline(__always)
    init(_ value: UInt32) {
        if value < 128 {
            self = Self.ascii[Int(value)]
            return
        }
        guard let s = Unicode.Scalar(value) else { self = .other; return }
        let p = s.properties
        if p.isWhitespace { self = .whitespace; return }
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            self = .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            self = .number
        default:
            self = .other
        }
    }
}
