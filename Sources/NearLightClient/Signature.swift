/// nearcore's `Signature`, ed25519 only. Text form `ed25519:<base58 of 64 bytes>`; borsh form
/// tag 0 ‖ 64 bytes.
public struct Signature: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(ed25519 bytes: [UInt8]) throws(NearEncodingError) {
        guard bytes.count == 64 else { throw .wrongLength(what: "ed25519 signature", expected: 64, actual: bytes.count) }
        self.bytes = bytes
    }

    public init(_ text: String) throws(NearEncodingError) {
        let data = try KeyString.split(text)
        try self.init(ed25519: Base58.decode(data, count: 64, what: "ed25519 signature"))
    }

    public var description: String { "ed25519:" + Base58.encode(bytes) }
}

extension Signature: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(UInt8(0))
        writer.writeFixed(bytes)
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        let tag = try reader.readU8("signature type")
        guard tag == 0 else { throw .invalidEnumTag(type: "Signature (only ed25519 = 0 is supported)", tag: tag) }
        bytes = Array(try reader.readFixed(64, "ed25519 signature"))
    }
}

extension Signature: Codable {
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
