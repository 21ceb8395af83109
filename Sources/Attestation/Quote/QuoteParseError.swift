/// Why a byte string is not a well-formed TDX quote.
///
/// Each case names the field and the sizes involved so that an operator can tell a truncated
/// download from a quote of an unsupported kind without a hex dump.
public enum QuoteParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended inside `field`.
    case truncated(field: String, offset: Int, needed: Int, available: Int)
    /// The input is shorter than the smallest quote of its version.
    case tooShort(size: Int, version: UInt16, minimum: Int)
    case unsupportedVersion(UInt16)
    case unsupportedTEEType(UInt32)
    case unsupportedAttestationKeyType(UInt16)
    /// A v5 body descriptor names a type DCML does not handle or a size that does not fit the type.
    case unsupportedBodyType(type: UInt16, size: UInt32)
    case unsupportedCertificationDataType(field: String, type: UInt16, expected: [UInt16])
    /// A length field points past the end of the enclosing structure.
    case lengthOutOfBounds(field: String, declared: Int, available: Int)

    public var description: String {
        switch self {
        case let .truncated(field, offset, needed, available):
            return "quote truncated in \(field) at offset \(offset): needs \(needed) bytes, \(available) left"
        case let .tooShort(size, version, minimum):
            return "quote too short: \(size) bytes, a v\(version) quote needs at least \(minimum)"
        case let .unsupportedVersion(v):
            return "unsupported quote version \(v): expected 4 or 5 (TDX)"
        case let .unsupportedTEEType(t):
            return "unsupported TEE type 0x\(String(t, radix: 16)): expected 0x81 (TDX)"
        case let .unsupportedAttestationKeyType(t):
            return "unsupported attestation key type \(t): expected 2 (ECDSA-256 with P-256)"
        case let .unsupportedBodyType(type, size):
            return "unsupported v5 body: type \(type) size \(size), expected type 2 size 584 (TD report 1.0) or type 3 size 648 (TD report 1.5)"
        case let .unsupportedCertificationDataType(field, type, expected):
            return "\(field): certification data type \(type), expected \(expected.map(String.init).joined(separator: " or "))"
        case let .lengthOutOfBounds(field, declared, available):
            return "\(field) declares \(declared) bytes but only \(available) remain"
        }
    }
}
