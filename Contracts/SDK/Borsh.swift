/// A value with a borsh encoding (NEAR's binary format for state and arguments): fixed-width
/// little-endian integers, `u32` length before variable-length data.
public protocol BorshCodable {
    init(from reader: inout BorshReader)
    func encode(to writer: inout BorshWriter)
}

extension BorshCodable {
    public func borshBytes() -> [UInt8] {
        var writer = BorshWriter()
        encode(to: &writer)
        return writer.bytes
    }

    /// Decodes `bytes` entirely; panics (reverting the call) on short or trailing input.
    public init(borsh bytes: [UInt8]) {
        var reader = BorshReader(bytes)
        self.init(from: &reader)
        reader.finish()
    }
}

public struct BorshWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        var v = value
        for _ in 0..<(T.bitWidth / 8) {
            bytes.append(UInt8(truncatingIfNeeded: v))
            v = v >> 8
        }
    }

    public mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// `u32` length, then the bytes (borsh `Vec<u8>` and `String`).
    public mutating func write(bytes data: [UInt8]) {
        write(UInt32(data.count))
        bytes.append(contentsOf: data)
    }

    public mutating func write(raw data: [UInt8]) { bytes.append(contentsOf: data) }

    public mutating func encode<T: BorshCodable>(_ value: T) { value.encode(to: &self) }
}

/// Reads borsh; any malformed input panics with a message naming what was expected, so a bad
/// argument reverts the call like any other contract panic.
public struct BorshReader {
    public let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { offset == bytes.count }

    mutating func take(_ count: Int) -> Range<Int> {
        if count < 0 || bytes.count - offset < count { Near.panic("borsh: input ends before the expected value") }
        defer { offset += count }
        return offset..<(offset + count)
    }

    public mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) -> T {
        let range = take(T.bitWidth / 8)
        var value: T = 0
        var shift = 0
        for i in range {
            value |= T(truncatingIfNeeded: bytes[i]) << shift
            shift += 8
        }
        return value
    }

    public mutating func readBool() -> Bool {
        let b = read(UInt8.self)
        if b > 1 { Near.panic("borsh: expected a bool (0 or 1)") }
        return b == 1
    }

    public mutating func readBytes() -> [UInt8] {
        let count = Int(read(UInt32.self))
        return Array(bytes[take(count)])
    }

    public mutating func readRaw(count: Int) -> [UInt8] { Array(bytes[take(count)]) }

    public mutating func decode<T: BorshCodable>(_: T.Type = T.self) -> T { T(from: &self) }

    /// Panics unless every byte was consumed (borsh rejects trailing bytes).
    public func finish() {
        if !isAtEnd { Near.panic("borsh: unexpected bytes after the value") }
    }
}

extension UInt8: BorshCodable {
    public init(from reader: inout BorshReader) { self = reader.read(UInt8.self) }
    public func encode(to writer: inout BorshWriter) { writer.write(self) }
}
extension UInt16: BorshCodable {
    public init(from reader: inout BorshReader) { self = reader.read(UInt16.self) }
    public func encode(to writer: inout BorshWriter) { writer.write(self) }
}
extension UInt32: BorshCodable {
    public init(from reader: inout BorshReader) { self = reader.read(UInt32.self) }
    public func encode(to writer: inout BorshWriter) { writer.write(self) }
}
extension UInt64: BorshCodable {
    public init(from reader: inout BorshReader) { self = reader.read(UInt64.self) }
    public func encode(to writer: inout BorshWriter) { writer.write(self) }
}
extension UInt128: BorshCodable {
    public init(from reader: inout BorshReader) { self = reader.read(UInt128.self) }
    public func encode(to writer: inout BorshWriter) { writer.write(self) }
}
extension Int64: BorshCodable {
    public init(from reader: inout BorshReader) { self = reader.read(Int64.self) }
    public func encode(to writer: inout BorshWriter) { writer.write(self) }
}
extension Bool: BorshCodable {
    public init(from reader: inout BorshReader) { self = reader.readBool() }
    public func encode(to writer: inout BorshWriter) { writer.write(self) }
}
extension Array: BorshCodable where Element: BorshCodable {
    public init(from reader: inout BorshReader) {
        let count = Int(reader.read(UInt32.self))
        self = []
        for _ in 0..<count { append(Element(from: &reader)) }
    }
    public func encode(to writer: inout BorshWriter) {
        writer.write(UInt32(count))
        for element in self { element.encode(to: &writer) }
    }
}
extension Optional: BorshCodable where Wrapped: BorshCodable {
    public init(from reader: inout BorshReader) {
        self = reader.readBool() ? Wrapped(from: &reader) : nil
    }
    public func encode(to writer: inout BorshWriter) {
        writer.write(self != nil)
        if let value = self { value.encode(to: &writer) }
    }
}
