import Crypto

/// The per-file keys of a sealed model, derived from X25519(ephemeral, recipient) by HKDF-SHA256
/// (see ``SealedModelFormat``). Held in zeroing storage; the sealer and the opener derive the same.
struct SealingKeys {
    /// 32-byte AES-256-GCM key for the chunks.
    let contentKey: SecretBytes
    /// 32-byte HMAC-SHA256 key for the header tag.
    let headerKey: SecretBytes
    /// 7 bytes that start every chunk nonce.
    let noncePrefix: [UInt8]

    init(sharedSecret: SharedSecret, ephemeral: ModelPublicKey, recipient: ModelPublicKey) {
        let salt = ephemeral.rawRepresentation + recipient.rawRepresentation
        let okm = sharedSecret.hkdfDerivedSymmetricKey(
            using: SHA256.self, salt: salt, sharedInfo: SealedModelFormat.keyInfo,
            outputByteCount: 64 + SealedModelFormat.noncePrefixSize)
        (contentKey, headerKey, noncePrefix) = okm.withUnsafeBytes { raw in
            (SecretBytes(copying: UnsafeRawBufferPointer(rebasing: raw[0..<32])),
             SecretBytes(copying: UnsafeRawBufferPointer(rebasing: raw[32..<64])),
             Array(raw[64..<(64 + SealedModelFormat.noncePrefixSize)]))
        }
    }

    /// HMAC-SHA256 of the header bytes before the tag.
    func headerTag(_ header: [UInt8]) -> [UInt8] {
        headerKey.withUnsafeBytes { key in
            Array(HMAC<SHA256>.authenticationCode(for: header, using: SymmetricKey(data: key)))
        }
    }
}
