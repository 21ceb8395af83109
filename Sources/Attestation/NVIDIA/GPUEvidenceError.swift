/// Why NVIDIA GPU evidence was rejected. Messages for chain problems match the trustee verifier's
/// wording where the vectors name it.
public enum GPUEvidenceError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(field: String, offset: Int, needed: Int, available: Int)
    case unexpectedCode(field: String, found: UInt8, expected: UInt8)
    case trailingBytes(Int)
    case chainTooShort(count: Int)
    case chain(ChainValidationError)
    case fwidMissing
    case fwidMismatch(certificate: String, report: String)
    case opaqueFWIDMissing
    case unsupportedKey(String)
    case badSignature
    case nonceMismatch(expected: String, found: String)

    public var description: String {
        switch self {
        case let .truncated(field, offset, needed, available):
            return "GPU evidence truncated in \(field) at offset \(offset): needs \(needed) bytes, \(available) left"
        case let .unexpectedCode(field, found, expected): return "\(field) is 0x\(String(found, radix: 16)), expected 0x\(String(expected, radix: 16))"
        case let .trailingBytes(n): return "GPU evidence has \(n) bytes after the signature"
        case let .chainTooShort(n): return "Certificate chain must have at least the root CA and signing certificates (got \(n))"
        case let .chain(e): return "Report certificate chain failed to verify: \(e)"
        case .fwidMissing: return "FwId oid not found in the NVIDIA signing certificate (extension 2.23.133.5.4.1)"
        case let .fwidMismatch(c, r): return "FWID in the signing certificate (\(c)) differs from the report's opaque FWID (\(r))"
        case .opaqueFWIDMissing: return "report opaque data has no FWID field (type 20)"
        case let .unsupportedKey(s): return "signing certificate key: \(s)"
        case .badSignature: return "SPDM measurement signature does not verify with the signing certificate's key"
        case let .nonceMismatch(expected, found): return "request nonce is \(found), expected \(expected)"
        }
    }
}
