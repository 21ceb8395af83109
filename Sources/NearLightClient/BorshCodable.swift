/// A value with a borsh encoding (nearcore's `BorshSerialize`).
public protocol BorshEncodable {
    func encode(to writer: inout BorshWriter)
}

/// A value that can be read from borsh bytes (nearcore's `BorshDeserialize`).
public protocol BorshDecodable {
    init(from reader: inout BorshReader) throws(BorshError)
}

public typealias BorshCodable = BorshEncodable & BorshDecodable

extension BorshEncodable {
    /// The value's complete borsh encoding.
    public var borshBytes: [UInt8] {
        var writer = BorshWriter()
        encode(to: &writer)
        return writer.bytes
    }
}

extension BorshDecodable {
    /// Decodes a value that must span all of `bytes`.
    public init(borsh bytes: [UInt8]) throws(BorshError) {
        var reader = BorshReader(bytes)
        self = try Self(from: &reader)
        try reader.finish()
    }
}
