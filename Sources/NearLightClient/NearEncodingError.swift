/// Errors for text encodings of NEAR values (base58, hex, base64, decimal amounts, key strings).
///
/// Each message says what was found and what was expected, so a bad RPC file or CLI argument can
/// be fixed from the message alone.
public enum NearEncodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidBase58Character(Character, position: Int)
    case invalidHex(String)
    case invalidBase64(what: String)
    case wrongLength(what: String, expected: Int, actual: Int)
    case invalidDecimal(String, type: String)
    case invalidKeyString(String, reason: String)
    case unsupportedKeyType(String)
    case keyPairMismatch
    case invalidAccountId(String, reason: String)

    public var description: String {
        switch self {
        case .invalidBase58Character(let c, let position):
            return "invalid base58 character '\(c)' at position \(position); expected one of the Bitcoin alphabet (no 0, O, I, l)"
        case .invalidHex(let text):
            return "invalid hex string '\(text.prefix(80))'; expected an even number of 0-9a-f digits"
        case .invalidBase64(let what):
            return "invalid base64 in \(what)"
        case .wrongLength(let what, let expected, let actual):
            return "\(what) is \(actual) bytes, expected \(expected)"
        case .invalidDecimal(let text, let type):
            return "'\(text.prefix(80))' is not a decimal \(type); expected digits only, without sign, within range"
        case .invalidKeyString(let text, let reason):
            return "invalid key string '\(text.prefix(100))': \(reason)"
        case .unsupportedKeyType(let type):
            return "unsupported key type '\(type)'; only ed25519 is supported"
        case .keyPairMismatch:
            return "secret key's public half does not match the public key derived from its seed"
        case .invalidAccountId(let id, let reason):
            return "invalid NEAR account id '\(id.prefix(80))': \(reason)"
        }
    }
}
