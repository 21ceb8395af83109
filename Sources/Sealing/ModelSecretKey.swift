import Crypto
import Foundation

/// The paper's sk: an X25519 private key that can open every file sealed for its public key.
///
/// The 32 bytes live in ``SecretBytes`` and are zeroed when the last reference is dropped; a node
/// keeps one instance and never serialises it except over an attested channel. swift-crypto's
/// key objects made from it for a key agreement live only for that call and zero themselves.
public final class ModelSecretKey: Sendable {
    private let secret: SecretBytes
    public let publicKey: ModelPublicKey

    /// A fresh random key pair.
    public convenience init() {
        let key = Curve25519.KeyAgreement.PrivateKey()
        // `rawRepresentation` is a Data copy that we cannot wipe reliably; wipe what we can.
        var raw = key.rawRepresentation
        defer { raw.withUnsafeMutableBytes { SecretBytes.wipe($0.baseAddress!, $0.count) } }
        try! self.init(rawBytes: raw.withUnsafeBytes { SecretBytes(copying: $0) })
    }

    /// Takes ownership of 32 secret bytes.
    public init(rawBytes: SecretBytes) throws(SealingError) {
        guard rawBytes.count == 32 else { throw .malformedKeyFile(path: "(memory)", reason: "\(rawBytes.count) bytes") }
        secret = rawBytes
        let key: Curve25519.KeyAgreement.PrivateKey
        do { key = try rawBytes.withUnsafeBytes { try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: $0) } } catch {
            throw .malformedKeyFile(path: "(memory)", reason: "not an X25519 secret key")
        }
        publicKey = try ModelPublicKey(rawRepresentation: Array(key.publicKey.rawRepresentation))
    }

    /// Parses 64 hex digits from caller-owned memory (e.g. a request body), copying only into
    /// zeroing storage.
    public convenience init(hexUTF8: UnsafeRawBufferPointer) throws(SealingError) {
        let bytes = SecretBytes(count: 32)
        guard Hex.decode(hexUTF8, into: bytes.bytes) else {
            throw .malformedKeyFile(path: "(memory)", reason: "\(hexUTF8.count) characters that are not 64 hex digits")
        }
        try self.init(rawBytes: bytes)
    }

    /// Whether this key opens files sealed for `pk` (compares public keys: not secret).
    public func matches(_ pk: ModelPublicKey) -> Bool { publicKey == pk }

    /// X25519(sk, peer) as swift-crypto's self-zeroing `SharedSecret`.
    func sharedSecret(with peer: ModelPublicKey) throws(SealingError) -> SharedSecret {
        do {
            let key = try secret.withUnsafeBytes { try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: $0) }
            return try key.sharedSecretFromKeyAgreement(with: peer.cryptoKey)
        } catch {
            throw .cryptoFailure("X25519 key agreement: \(error)")
        }
    }

    /// The secret bytes, for the one place that must transmit them (the node's set_sk over
    /// attested TLS) or the key file the user asked for. The buffer is valid only inside `body`.
    public func withUnsafeSecretBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try secret.withUnsafeBytes(body)
    }
}
