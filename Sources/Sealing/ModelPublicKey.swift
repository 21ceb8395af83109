import Crypto

/// The paper's pk: an X25519 public key, which anyone may hold. Sealing needs only this.
public struct ModelPublicKey: Sendable, Hashable, CustomStringConvertible {
    public let rawRepresentation: [UInt8]

    /// Refuses anything but 32 bytes that X25519 accepts.
    public init(rawRepresentation bytes: [UInt8]) throws(SealingError) {
        guard bytes.count == 32, (try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: bytes)) != nil else {
            throw .invalidPublicKey(Hex.encode(bytes))
        }
        rawRepresentation = bytes
    }

    /// Parses 64 hex digits (surrounding whitespace is ignored).
    public init(hex: String) throws(SealingError) {
        let trimmed = hex.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.decode(trimmed), bytes.count == 32 else { throw .invalidPublicKey(trimmed) }
        try self.init(rawRepresentation: bytes)
    }

    public var hex: String { Hex.encode(rawRepresentation) }
    public var description: String { hex }

    var cryptoKey: Curve25519.KeyAgreement.PublicKey {
        // Checked in init.
        try! Curve25519.KeyAgreement.PublicKey(rawRepresentation: rawRepresentation)
    }
}

import Foundation
