import Foundation

/// Why a certificate chain or CRL was not accepted.
public enum ChainValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(field: String, reason: String)
    case empty(chain: String)
    case expired(chain: String, subject: String, notBefore: Date, notAfter: Date, at: Date)
    case issuerMismatch(chain: String, subject: String, expectedIssuer: String, found: String)
    case badSignature(chain: String, subject: String)
    case notACA(chain: String, subject: String)
    case untrustedRoot(chain: String, topIssuer: String)
    /// The chain ends in DCML's simulation root but the caller did not allow simulated TEEs.
    case simulationRootNotAllowed(chain: String)
    case revoked(chain: String, subject: String, serial: String)
    case crlMissing(chain: String, subject: String, issuer: String)
    case crlBadSignature(crlIssuer: String)
    case crlOutOfWindow(crlIssuer: String, thisUpdate: Date, nextUpdate: Date?, at: Date)

    public var description: String {
        switch self {
        case let .malformed(field, reason): return "\(field) is malformed: \(reason)"
        case let .empty(chain): return "\(chain): certificate chain is empty"
        case let .expired(chain, subject, nb, na, at):
            return "\(chain): certificate '\(subject)' is not valid at \(Timestamp.format(at)) (valid \(Timestamp.format(nb)) to \(Timestamp.format(na)))"
        case let .issuerMismatch(chain, subject, expected, found):
            return "\(chain): certificate '\(subject)' names issuer '\(expected)' but the next certificate is '\(found)'"
        case let .badSignature(chain, subject): return "\(chain): signature on certificate '\(subject)' does not verify with its issuer's key"
        case let .notACA(chain, subject): return "\(chain): issuer '\(subject)' is not a CA certificate (basicConstraints)"
        case let .untrustedRoot(chain, top): return "\(chain): chain does not end in a trusted root (top issuer '\(top)')"
        case let .simulationRootNotAllowed(chain):
            return "\(chain): chain ends in the DCML SIMULATION root, which is trusted only when simulated TEEs are allowed explicitly"
        case let .revoked(chain, subject, serial): return "\(chain): certificate '\(subject)' (serial \(serial)) is revoked"
        case let .crlMissing(chain, subject, issuer): return "\(chain): no CRL from '\(issuer)' to check certificate '\(subject)'"
        case let .crlBadSignature(issuer): return "CRL issued by '\(issuer)' has an invalid signature"
        case let .crlOutOfWindow(issuer, tu, nu, at):
            return "CRL issued by '\(issuer)' is not current at \(Timestamp.format(at)) (thisUpdate \(Timestamp.format(tu)), nextUpdate \(nu.map(Timestamp.format) ?? "none"))"
        }
    }
}
