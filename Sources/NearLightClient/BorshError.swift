/// Errors from decoding borsh bytes. Decoding never traps: every read is bounds-checked.
public enum BorshError: Error, Equatable, Sendable, CustomStringConvertible {
    case unexpectedEnd(reading: String, needed: Int, remaining: Int)
    case invalidEnumTag(type: String, tag: UInt8)
    case invalidUTF8(reading: String)
    case invalidBool(UInt8)
    case trailingBytes(Int)

    public var description: String {
        switch self {
        case .unexpectedEnd(let what, let needed, let remaining):
            return "borsh input ends while reading \(what): needed \(needed) bytes, \(remaining) left"
        case .invalidEnumTag(let type, let tag):
            return "borsh \(type) has unknown variant tag \(tag)"
        case .invalidUTF8(let what):
            return "borsh string \(what) is not valid UTF-8"
        case .invalidBool(let value):
            return "borsh bool/option tag is \(value), expected 0 or 1"
        case .trailingBytes(let count):
            return "borsh input has \(count) bytes after the value, expected none"
        }
    }
}
