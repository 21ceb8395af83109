/// Appends values in borsh layout: little-endian integers, u32 length prefixes for strings and
/// sequences, one-byte enum tags. Used both to hash and sign (verifier) and to produce (devnet).
public struct BorshWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func write(_ value: UInt8) { bytes.append(value) }
    public mutating func write(_ value: UInt32) { writeLittleEndian(value) }
    public mutating func write(_ value: UInt64) { writeLittleEndian(value) }
    public mutating func write(_ value: UInt128) { writeLittleEndian(value) }
    public mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Fixed-size bytes (hashes, raw keys): no length prefix.
    public mutating func writeFixed<Bytes: Sequence>(_ value: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: value)
    }

    /// `Vec<u8>`: u32 length, then the bytes.
    public mutating func writeBytes(_ value: [UInt8]) {
        write(UInt32(truncatingIfNeeded: value.count))
        bytes.append(contentsOf: value)
    }

    /// `String`: u32 byte length, then UTF-8.
    public mutating func write(_ value: String) {
        writeBytes(Array(value.utf8))
    }

    public mutating func write<T: BorshEncodable>(_ value: T) { value.encode(to: &self) }

    public mutating func write<T: BorshEncodable>(_ values: [T]) {
        write(UInt32(truncatingIfNeeded: values.count))
        for value in values { value.encode(to: &self) }
    }

    public mutating func write(_ values: [String]) {
        write(UInt32(truncatingIfNeeded: values.count))
        for value in values { write(value) }
    }

    /// `Option<T>`: 0, or 1 then the value.
    public mutating func writeOptional<T>(_ value: T?, _ body: (inout BorshWriter, T) -> Void) {
        if let value {
            bytes.append(1)
            body(&self, value)
        } else {
            bytes.append(0)
        }
    }

    private mutating func writeLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
