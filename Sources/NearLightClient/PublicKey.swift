import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// nearcore's `PublicKey`, ed25519 only (the key type of NEAR accounts and validators we use).
/// Text form `ed25519:<base58 of 32 bytes>`; borsh form tag 0 ‖ 32 bytes.
public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
    /// The 32-byte ed25519 public key.
    public let bytes: [UInt8]

    public init(ed25519 bytes: [UInt8]) throws(NearEncodingError) {
        guard bytes.count == 32 else { throw .wrongLength(what: "ed25519 public key", expected: 32, actual: bytes.count) }
        self.bytes = bytes
    }

    /// Parses `ed25519:<base58>`; a string without a type prefix is ed25519, as in nearcore.
    public init(_ text: String) throws(NearEncodingError) {
        let data = try KeyString.split(text)
        try self.init(ed25519: Base58.decode(data, count: 32, what: "ed25519 public key"))
    }

    public var description: String { "ed25519:" + Base58.encode(bytes) }

    /// Whether `signature` is a valid ed25519 signature of `message` by this key.
    public func verify(_ signature: Signature, for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes) else { return false }
        return key.isValidSignature(signature.bytes, for: message)
    }
}

extension PublicKey: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(UInt8(0))
        writer.writeFixed(bytes)
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        let tag = try reader.readU8("public key type")
        guard tag == 0 else { throw .invalidEnumTag(type: "PublicKey (only ed25519 = 0 is supported)", tag: tag) }
        bytes = Array(try reader.readFixed(32, "ed25519 public key"))
    }
}

extension PublicKey: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
