import Foundation
import SwiftASN1
import X509

/// A root certificate a chain may end in, and whether it is a real vendor root or DCML's simulation root.
///
/// Anchors are matched by subject and public key, not by DER bytes, so the same root re-encoded (or
/// the simulation root re-signed on another machine) is still recognised.
public struct TrustAnchor: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable {
        case intel
        case nvidia
        /// DCML's insecure simulation root: trusted only when a caller allows simulated TEEs.
        case simulation
    }

    public let certificate: Certificate
    public let kind: Kind

    public init(certificate: Certificate, kind: Kind) {
        self.certificate = certificate
        self.kind = kind
    }

    public init(pem: String, kind: Kind) throws {
        self.init(certificate: try Certificate(pemEncoded: pem), kind: kind)
    }

    public static let intelSGXRoot: TrustAnchor = try! TrustAnchor(pem: KnownRoots.intelSGXRootCAPEM, kind: .intel)
    public static let nvidiaDeviceIdentityRoot: TrustAnchor = try! TrustAnchor(pem: KnownRoots.nvidiaDeviceIdentityCAPEM, kind: .nvidia)

    /// The anchor itself, or a certificate with its subject and key. Identical TBS bytes answer
    /// first: comparing `PublicKey`s derives both keys' encodings (a field inversion each).
    func matches(_ cert: Certificate) -> Bool {
        if cert.tbsCertificateBytes == certificate.tbsCertificateBytes { return true }
        return cert.subject == certificate.subject && cert.publicKey == certificate.publicKey
    }
}

/// Certificates from concatenated PEM text (leaf first), as quotes and PCS headers carry them.
enum PEMChain {
    static func parse(_ pem: String, field: String) throws(ChainValidationError) -> [Certificate] {
        let docs: [PEMDocument]
        do { docs = try PEMDocument.parseMultiple(pemString: pem) } catch {
            throw .malformed(field: field, reason: "PEM: \(error)")
        }
        var certs = [Certificate]()
        for (i, doc) in docs.enumerated() where doc.discriminator == "CERTIFICATE" {
            do { certs.append(try Certificate(derEncoded: doc.derBytes)) } catch {
                throw .malformed(field: "\(field)[\(i)]", reason: "X.509: \(error)")
            }
        }
        guard !certs.isEmpty else { throw .malformed(field: field, reason: "no certificates") }
        return certs
    }

    static func parse(_ pemBytes: [UInt8], field: String) throws(ChainValidationError) -> [Certificate] {
        // The QE's buffer may carry a NUL terminator after the PEM text.
        var end = pemBytes.count
        while end > 0, pemBytes[end - 1] == 0 { end -= 1 }
        return try parse(String(decoding: pemBytes[0 ..< end], as: UTF8.self), field: field)
    }
}
