import Crypto

/// What a quote's REPORTDATA must be to bind it to a key.
public enum RATLSReportData {
    /// RA-TLS certificate quotes: SHA-512("ratls-cert:" ‖ SPKI DER) — the quote vouches that this
    /// TEE generated the certificate's key, so whoever completes the handshake with it is the TEE.
    public static func certificate(spkiDER: [UInt8]) -> [UInt8] {
        var h = SHA512()
        h.update(data: Array("ratls-cert:".utf8))
        h.update(data: spkiDER)
        return Array(h.finalize())
    }

    /// Attestation reports: SHA-256(signing public key ‖ SHA-256(TLS SPKI DER)) ‖ nonce, binding the
    /// response-signing key and the TLS key to the verifier's fresh 32-byte nonce.
    public static func report(signingPublicKey: [UInt8], tlsSPKISHA256: [UInt8], nonce: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update(data: signingPublicKey)
        h.update(data: tlsSPKISHA256)
        return Array(h.finalize()) + nonce
    }

    public static func spkiSHA256(_ spkiDER: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: spkiDER)) }
}
