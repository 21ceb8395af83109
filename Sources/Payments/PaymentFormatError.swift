/// A value on the wire (voucher, closure approval, price, ledger file) that does not parse or is
/// out of range. Each message names the field, what was found and what was expected.
public enum PaymentFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidField(String, value: String, expected: String)
    case invalidHeader(String, reason: String)
    case invalidJSON(what: String, reason: String)

    public var description: String {
        switch self {
        case .invalidField(let field, let value, let expected):
            return "invalid \(field) '\(value.prefix(80))'; expected \(expected)"
        case .invalidHeader(let name, let reason):
            return "invalid \(name) header: \(reason)"
        case .invalidJSON(let what, let reason):
            return "invalid \(what) JSON: \(reason)"
        }
    }
}

extension PaymentFormatError {
    /// A decoding error as the one-line reason these errors carry: the field and what was wrong
    /// with it, without Swift's coding-path dump.
    public static func reason(decoding error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(let type, let context):
            return "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' is not a \(type)"
        case DecodingError.valueNotFound(let type, let context):
            return "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' is null, expected a \(type)"
        default: return "\(error)"
        }
    }
}
