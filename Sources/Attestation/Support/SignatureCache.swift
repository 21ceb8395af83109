import Crypto
import Foundation
import Synchronization
import X509

/// Remembers which certificate and CRL signatures have already been verified.
///
/// Collateral and PCK chains repeat across quotes (one platform, one month of collateral), and an
/// ECDSA verification costs ~50 µs, so checked signatures are memoised. The key is SHA-256 over the
/// signed bytes and the issuer key: a hit means exactly these contents were verified as signed by
/// exactly this key (for a certificate, the TBS bytes; for a CRL, the whole DER), so the cache cannot
/// be fooled by pairing a known signature with other contents. Validity windows and revocation are
/// never cached.
public final class SignatureCache: Sendable {
    private let verified = Mutex<Set<SHA256Digest>>([])
    private let parsedChains = Mutex<[PEMKey: [Certificate]]>([:])
    private let pckExtensions = Mutex<[PEMKey: PCKExtension]>([:])
    private let limit: Int

    public init(limit: Int = 4096) { self.limit = limit }

    /// PCK chains repeat per platform: parse each distinct PEM once (parsing is not verification;
    /// every signature and validity window is still checked per quote).
    func parsedChain(_ pem: [UInt8], field: String) throws(ChainValidationError) -> [Certificate] {
        let key = PEMKey(bytes: pem)
        if let c = parsedChains.withLock({ $0[key] }) { return c }
        let c = try PEMChain.parse(pem, field: field)
        parsedChains.withLock { d in
            if d.count >= 256 { d.removeAll(keepingCapacity: true) }
            d[key] = c
        }
        return c
    }

    /// The PCK certificate's SGX extension, parsed once per distinct chain (like the chain).
    func pckExtension(_ pem: [UInt8], leaf: Certificate) throws(DCAPVerificationError) -> PCKExtension {
        let key = PEMKey(bytes: pem)
        if let e = pckExtensions.withLock({ $0[key] }) { return e }
        let e = try PCKExtension(certificate: leaf)
        pckExtensions.withLock { d in
            if d.count >= 256 { d.removeAll(keepingCapacity: true) }
            d[key] = e
        }
        return e
    }

    /// A PEM chain as a dictionary key, hashed as one block of bytes (`[UInt8]`'s own `Hashable`
    /// feeds the hasher a byte at a time, which costs microseconds on a 4 KB chain).
    struct PEMKey: Hashable {
        let bytes: [UInt8]
        func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    func contains(_ key: SHA256Digest) -> Bool { verified.withLock { $0.contains(key) } }

    func insert(_ key: SHA256Digest) {
        verified.withLock { set in
            if set.count >= limit { set.removeAll(keepingCapacity: true) }
            set.insert(key)
        }
    }

    /// Whether `issuer` signed `cert`, answering from the cache when possible. The key hashes the
    /// issuer's TBS bytes, which contain its public key as signed: deriving the key's SPKI bytes
    /// instead costs a field inversion per call. Both are DER SEQUENCEs, so their concatenation is
    /// unambiguous.
    func isValid(_ cert: Certificate, signedBy issuer: Certificate) -> Bool {
        var h = SHA256()
        h.update(data: cert.tbsCertificateBytes)
        h.update(data: issuer.tbsCertificateBytes)
        let key = h.finalize()
        if verified.withLock({ $0.contains(key) }) { return true }
        guard issuer.publicKey.isValidSignature(cert.signature, for: cert) else { return false }
        insert(key)
        return true
    }

    func isValid(_ crl: CertificateRevocationList, signedBy issuer: Certificate) -> Bool {
        var h = SHA256()
        h.update(data: crl.der)
        h.update(data: issuer.tbsCertificateBytes)
        let key = h.finalize()
        if verified.withLock({ $0.contains(key) }) { return true }
        guard crl.isSigned(by: issuer.publicKey) else { return false }
        insert(key)
        return true
    }
}

extension SignatureCache {
    /// Memoised P-256 verification of a raw r‖s signature by `signer`'s key (signed collateral
    /// JSON, the QE report). Keyed by the signer's TBS bytes, so a hit needs no key conversion.
    func isValidRaw(_ signature: [UInt8], message: [UInt8], signer: Certificate) -> Bool {
        var h = SHA256()
        h.update(data: message)
        h.update(data: signature)
        h.update(data: signer.tbsCertificateBytes)
        let k = h.finalize()
        if contains(k) { return true }
        guard let key = P256.Signing.PublicKey(signer.publicKey),
              let sig = try? P256.Signing.ECDSASignature(rawRepresentation: signature),
              key.isValidSignature(sig, for: message) else { return false }
        insert(k)
        return true
    }
}
