/// `tokenizer.ggml.token_type` values, as llama.cpp defines them. The type decides how a
/// token is matched (control and user-defined tokens are matched as whole strings before BPE)
/// and how it is decoded (normal tokens are byte-level text, the others literal text).
public enum TokenType: Int32, Sendable {
    case undefined = 0
    case normal = 1
    case unknown = 2
    case control = 3
    case userDefined = 4
    case unused = 5
    case byte = 6

    /// Matched as a whole before pre-tokenization (control and unknown only when parsing specials).
    var isSpecial: Bool { self == .control || self == .userDefined || self == .unknown }
}
