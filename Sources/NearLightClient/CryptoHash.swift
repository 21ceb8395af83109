import Crypto

/// nearcore's `CryptoHash`: 32 bytes, SHA-256 everywhere, base58 in JSON.
///
/// Stored inline (no allocation) because proof verification hashes and compares many of them.
public struct CryptoHash: Hashable, Sendable, CustomStringConvertible {
    public var storage: SIMD32<UInt8>

    public static let zero = CryptoHash(storage: .zero)

    public init(storage: SIMD32<UInt8>) { self.storage = storage }

    public init<Bytes: Collection>(bytes: Bytes) throws(NearEncodingError) where Bytes.Element == UInt8 {
        guard bytes.count == 32 else { throw .wrongLength(what: "hash", expected: 32, actual: bytes.count) }
        var storage = SIMD32<UInt8>()
        for (index, byte) in bytes.enumerated() { storage[index] = byte }
        self.storage = storage
    }

    public init(base58: String) throws(NearEncodingError) {
        try self.init(bytes: Base58.decode(base58, count: 32, what: "hash '\(base58.prefix(60))'"))
    }

    public init(hex: String) throws(NearEncodingError) {
        try self.init(bytes: Hex.decode(hex))
    }

    init(digest: SHA256.Digest) {
        var storage = SIMD32<UInt8>()
        withUnsafeMutableBytes(of: &storage) { out in
            digest.withUnsafeBytes { out.copyMemory(from: $0) }
        }
        self.storage = storage
    }

    public var bytes: [UInt8] { withUnsafeBytes(of: storage) { Array($0) } }
    public var base58: String { Base58.encode(bytes) }
    public var hex: String { Hex.encode(bytes) }
    public var description: String { base58 }

    /// SHA-256 of `data` (nearcore's `hash`).
    public static func hash(_ data: [UInt8]) -> CryptoHash {
        data.withUnsafeBytes { hash($0) }
    }

    public static func hash(_ data: UnsafeRawBufferPointer) -> CryptoHash {
        var hasher = SHA256()
        hasher.update(bufferPointer: data)
        return CryptoHash(digest: hasher.finalize())
    }

    /// SHA-256 of a value's borsh encoding (nearcore's `CryptoHash::hash_borsh`).
    public static func hashBorsh<T: BorshEncodable>(_ value: T) -> CryptoHash {
        hash(value.borshBytes)
    }

    /// `combine_hash(a, b)` = SHA-256(a ‖ b): the node rule of every NEAR Merkle tree.
    public static func combine(_ left: CryptoHash, _ right: CryptoHash) -> CryptoHash {
        var hasher = SHA256()
        withUnsafeBytes(of: left.storage) { hasher.update(bufferPointer: $0) }
        withUnsafeBytes(of: right.storage) { hasher.update(bufferPointer: $0) }
        return CryptoHash(digest: hasher.finalize())
    }
}

extension CryptoHash: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        withUnsafeBytes(of: storage) { writer.writeFixed($0) }
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        let slice = try reader.readFixed(32, "hash")
        var storage = SIMD32<UInt8>()
        for (index, byte) in slice.enumerated() { storage[index] = byte }
        self.storage = storage
    }
}

extension CryptoHash: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(base58: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(base58)
    }
}
