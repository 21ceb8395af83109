/// Why a tokenizer could not be built from a GGUF file. Encoding itself never fails: every
/// string has a byte-level encoding.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    case missingMetadata(key: String)
    case wrongMetadataType(key: String, expected: String)
    /// `tokenizer.ggml.model` other than `gpt2` (byte-level BPE).
    case unsupportedModel(String)
    /// `tokenizer.ggml.pre` whose split rules are not implemented.
    case unsupportedPreTokenizer(String)
    /// Arrays of different lengths, a missing byte token, an id out of range.
    case inconsistentVocabulary(String)

    public var description: String {
        switch self {
        case .missingMetadata(let key): "GGUF tokenizer metadata \(key) is missing"
        case .wrongMetadataType(let key, let expected): "GGUF tokenizer metadata \(key) is not \(expected)"
        case .unsupportedModel(let m): "tokenizer model '\(m)' is not supported (only gpt2 byte-level BPE)"
        case .unsupportedPreTokenizer(let p): "pre-tokenizer '\(p)' is not supported (smollm, gpt2)"
        case .inconsistentVocabulary(let why): "inconsistent tokenizer vocabulary: \(why)"
        }
    }
}
