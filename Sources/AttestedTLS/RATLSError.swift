/// Why an RA-TLS peer was refused. Every case says what was expected.
public enum RATLSError: Error, Sendable, Equatable, CustomStringConvertible {
    case noCertificate
    case malformedCertificate(String)
    case missingQuote
    case malformedEventLog(String)
    case malformedQuote(String)
    case notTrusted(String)
    case keyNotPinned(expected: String, found: String)
    case handshakeFailed(String)
    case identity(String)

    public var description: String {
        switch self {
        case .noCertificate: "the peer presented no certificate: expected an RA-TLS certificate carrying a TDX quote"
        case .malformedCertificate(let s): "the peer's certificate is malformed: \(s)"
        case .missingQuote:
            "the peer's certificate carries no quote (extension 1.3.6.1.4.1.62397.1.1): it is not an attested DCML node (a man in the middle or a plain TLS server)"
        case .malformedEventLog(let s): "the peer's event log (extension 1.3.6.1.4.1.62397.1.2) is malformed: \(s)"
        case .malformedQuote(let s): "the quote in the peer's certificate is malformed: \(s)"
        case .notTrusted(let s): "the peer's attestation is not trusted: \(s)"
        case let .keyNotPinned(e, f): "the peer's TLS key changed: expected SPKI SHA-256 \(e) (verified earlier), found \(f)"
        case .handshakeFailed(let s): "TLS handshake failed: \(s)"
        case .identity(let s): "cannot create the RA-TLS identity: \(s)"
        }
    }
}
