import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An ed25519 secret key in NEAR's text form, `ed25519:<base58 of seed ‖ public key>` (64 bytes,
/// as near-cli and the key files in `~/.near-credentials` write it); a bare 32-byte seed is also
/// accepted. Deliberately not `CustomStringConvertible`, so it never lands in a log by accident.
public struct SecretKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    public init(seed: [UInt8]) throws(NearEncodingError) {
        guard seed.count == 32 else { throw .wrongLength(what: "ed25519 seed", expected: 32, actual: seed.count) }
        do { key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed) } catch {
            throw .wrongLength(what: "ed25519 seed", expected: 32, actual: seed.count)
        }
    }

    public init(_ text: String) throws(NearEncodingError) {
        let data = try KeyString.split(text)
        guard data.utf8.count <= 90 else {
            throw .invalidKeyString("ed25519:…", reason: "secret key text is \(data.utf8.count) characters, expected at most 88")
        }
        let bytes = try Base58.decode(data)
        switch bytes.count {
        case 32:
            try self.init(seed: bytes)
        case 64:
            try self.init(seed: Array(bytes[0..<32]))
            guard publicKey.bytes == Array(bytes[32..<64]) else { throw .keyPairMismatch }
        default:
            throw .invalidKeyString("ed25519:…", reason: "secret key is \(bytes.count) bytes, expected 64 (seed ‖ public key) or 32 (seed)")
        }
    }

    /// A fresh random key.
    public static func generate() -> SecretKey { SecretKey(key: Curve25519.Signing.PrivateKey()) }

    private init(key: Curve25519.Signing.PrivateKey) { self.key = key }

    public var publicKey: PublicKey {
        // A 32-byte raw key is always accepted.
        try! PublicKey(ed25519: Array(key.publicKey.rawRepresentation))
    }

    /// The `ed25519:<base58 of seed ‖ public key>` form NEAR tools read. Handle as a secret.
    public var nearString: String {
        "ed25519:" + Base58.encode(Array(key.rawRepresentation) + publicKey.bytes)
    }

    /// Ed25519 signature of `message` (deterministic, RFC 8032).
    public func sign(_ message: [UInt8]) throws -> Signature {
        let raw = try key.signature(for: message)
        return try Signature(ed25519: Array(raw))
    }
}
