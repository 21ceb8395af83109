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
