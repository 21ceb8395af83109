#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What nearcore's `PublicKey` and `Signature` share (ed25519 only): text form
/// `ed25519:<base58>`, borsh form tag 0 ‖ fixed bytes, JSON as the text form.
public protocol Ed25519Value: BorshCodable, Codable, CustomStringConvertible {
    /// Byte length of the value (32 for keys, 64 for signatures).
    static var length: Int { get }
    /// How errors name the value.
    static var what: String { get }
    var bytes: [UInt8] { get }
    init(ed25519 bytes: [UInt8]) throws(NearEncodingError)
}

extension Ed25519Value {
    /// Parses `ed25519:<base58>`; a string without a type prefix is ed25519, as in nearcore.
    public init(_ text: String) throws(NearEncodingError) {
        let data = try KeyString.split(text)
        try self.init(ed25519: Base58.decode(data, count: Self.length, what: Self.what))
    }

    public var description: String { "ed25519:" + Base58.encode(bytes) }

    public func encode(to writer: inout BorshWriter) {
        writer.write(UInt8(0))
        writer.writeFixed(bytes)
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        let tag = try reader.readU8("\(Self.what) type")
        guard tag == 0 else { throw .invalidEnumTag(type: "\(Self.self) (only ed25519 = 0 is supported)", tag: tag) }
        let bytes = Array(try reader.readFixed(Self.length, Self.what))
        // readFixed returned exactly `length` bytes, the only thing init(ed25519:) checks.
        self = try! Self(ed25519: bytes)
    }

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
