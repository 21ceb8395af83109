import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// nearcore's `PublicKey`, ed25519 only (the key type of NEAR accounts and validators we use).
/// Text form `ed25519:<base58 of 32 bytes>`; borsh form tag 0 ‖ 32 bytes.
public struct PublicKey: Hashable, Sendable, Ed25519Value {
    public static let length = 32
    public static let what = "ed25519 public key"

    /// The 32-byte ed25519 public key.
    public let bytes: [UInt8]

    public init(ed25519 bytes: [UInt8]) throws(NearEncodingError) {
        guard bytes.count == Self.length else { throw .wrongLength(what: Self.what, expected: Self.length, actual: bytes.count) }
        self.bytes = bytes
    }

    /// Whether `signature` is a valid ed25519 signature of `message` by this key.
    public func verify(_ signature: Signature, for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes) else { return false }
        return key.isValidSignature(signature.bytes, for: message)
    }
}
