import Foundation
import SwiftASN1
import X509

/// Validates the short, fixed-shape chains of attestation PKIs (leaf → intermediates → root).
///
/// DCAP and NVIDIA chains are not general web PKI: there is no path building, the issuer of each
/// certificate is the next one in the list, and the root must be one of a few pinned anchors. So this
/// checks exactly that, synchronously: every signature, every validity window at the given time,
/// CA-ness of issuers, and (when CRLs are given) that no certificate is revoked and that every CRL is
/// signed by its issuer and current.
struct ChainValidator: Sendable {
    var anchors: [TrustAnchor]
    var allowSimulation: Bool
    var cache: SignatureCache?

    /// Validates `chain` (leaf first). The chain may or may not include the root itself.
    /// Returns the anchor it ends in.
    func validate(_ chain: [Certificate], name: String, at time: Date, crls: [CertificateRevocationList]? = nil) throws(ChainValidationError) -> TrustAnchor {
        guard !chain.isEmpty else { throw .empty(chain: name) }
        var i = 0
        while true {
            let cert = chain[i]
            if let anchor = anchors.first(where: { $0.matches(cert) }), i > 0 {
                try checkTime(anchor.certificate, name: name, at: time)
                return try accept(anchor, name: name)
            }
            try checkTime(cert, name: name, at: time)
            let issuerCert: Certificate
            var issuerAnchor: TrustAnchor?
            if i + 1 < chain.count {
                issuerCert = chain[i + 1]
                guard issuerCert.subject == cert.issuer else {
                    throw .issuerMismatch(chain: name, subject: cert.subject.description, expectedIssuer: cert.issuer.description, found: issuerCert.subject.description)
                }
            } else if let anchor = anchors.first(where: { $0.certificate.subject == cert.issuer }) {
                issuerCert = anchor.certificate
                issuerAnchor = anchor
            } else {
                throw .untrustedRoot(chain: name, topIssuer: cert.issuer.description)
            }
            let signed = cache?.isValid(cert, signedBy: issuerCert) ?? issuerCert.publicKey.isValidSignature(cert.signature, for: cert)
            guard signed else {
                throw .badSignature(chain: name, subject: cert.subject.description)
            }
            guard isCA(issuerCert) else { throw .notACA(chain: name, subject: issuerCert.subject.description) }
            if let crls {
                try checkRevocation(cert, issuer: issuerCert, name: name, at: time, crls: crls)
            }
            if let anchor = issuerAnchor {
                try checkTime(anchor.certificate, name: name, at: time)
                return try accept(anchor, name: name)
            }
            i += 1
        }
    }

    private func accept(_ anchor: TrustAnchor, name: String) throws(ChainValidationError) -> TrustAnchor {
        if anchor.kind == .simulation && !allowSimulation { throw .simulationRootNotAllowed(chain: name) }
        return anchor
    }

    private func checkTime(_ cert: Certificate, name: String, at time: Date) throws(ChainValidationError) {
        guard cert.notValidBefore <= time, time <= cert.notValidAfter else {
            throw .expired(chain: name, subject: cert.subject.description, notBefore: cert.notValidBefore, notAfter: cert.notValidAfter, at: time)
        }
    }

    private func isCA(_ cert: Certificate) -> Bool {
        guard let bc = try? cert.extensions.basicConstraints else { return false }
        if case .isCertificateAuthority = bc { return true }
        return false
    }

    /// RFC 5280 revocation with the CRL of `issuer`: it must exist (unknown status is a failure, as in
    /// Intel's QVL), be signed by `issuer`, be current, and not list `cert`.
    private func checkRevocation(_ cert: Certificate, issuer: Certificate, name: String, at time: Date,
                                 crls: [CertificateRevocationList]) throws(ChainValidationError) {
        guard let crl = crls.first(where: { $0.issuer == cert.issuer }) else {
            throw .crlMissing(chain: name, subject: cert.subject.description, issuer: cert.issuer.description)
        }
        guard cache?.isValid(crl, signedBy: issuer) ?? crl.isSigned(by: issuer.publicKey) else { throw .crlBadSignature(crlIssuer: crl.issuer.description) }
        guard crl.thisUpdate <= time, crl.nextUpdate.map({ time <= $0 }) ?? true else {
            throw .crlOutOfWindow(crlIssuer: crl.issuer.description, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate, at: time)
        }
        if crl.revokes(cert) {
            throw .revoked(chain: name, subject: cert.subject.description, serial: Hex.encode(cert.serialNumber.bytes))
        }
    }
}
