/// Reads borsh values from untrusted bytes; every read checks the remaining length first, and
/// declared lengths are compared with what is left before anything is allocated.
public struct BorshReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var offset: Int = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var remaining: Int { bytes.count - offset }

    public mutating func readFixed(_ count: Int, _ what: String) throws(BorshError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw .unexpectedEnd(reading: what, needed: count, remaining: remaining)
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    public mutating func readU8(_ what: String = "u8") throws(BorshError) -> UInt8 {
        try readFixed(1, what).first!
    }

    public mutating func readU32(_ what: String = "u32") throws(BorshError) -> UInt32 { try readInteger(what) }
    public mutating func readU64(_ what: String = "u64") throws(BorshError) -> UInt64 { try readInteger(what) }
    public mutating func readU128(_ what: String = "u128") throws(BorshError) -> UInt128 { try readInteger(what) }

    public mutating func readBool(_ what: String = "bool") throws(BorshError) -> Bool {
        switch try readU8(what) {
        case 0: return false
        case 1: return true
        case let other: throw .invalidBool(other)
        }
    }

    /// `Vec<u8>`: u32 length then bytes.
    public mutating func readBytes(_ what: String) throws(BorshError) -> [UInt8] {
        let count = Int(try readU32("length of \(what)"))
        return Array(try readFixed(count, what))
    }

    public mutating func readString(_ what: String) throws(BorshError) -> String {
        let raw = try readBytes(what)
        guard let text = String(validating: raw, as: UTF8.self) else { throw .invalidUTF8(reading: what) }
        return text
    }

    /// `Vec<T>`: the element count is checked against the bytes left (each element takes at
    /// least `minimumElementSize` bytes), so a forged length cannot make us reserve gigabytes.
    public mutating func readArray<T>(
        _ what: String, minimumElementSize: Int = 1, _ element: (inout BorshReader) throws(BorshError) -> T
    ) throws(BorshError) -> [T] {
        let count = Int(try readU32("length of \(what)"))
        guard count * max(minimumElementSize, 0) <= remaining else {
            throw .unexpectedEnd(reading: what, needed: count * minimumElementSize, remaining: remaining)
        }
        var out: [T] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try element(&self)) }
        return out
    }

    public mutating func readOptional<T>(
        _ what: String, _ body: (inout BorshReader) throws(BorshError) -> T
    ) throws(BorshError) -> T? {
        try readBool("option tag of \(what)") ? try body(&self) : nil
    }

    public mutating func read<T: BorshDecodable>(_ type: T.Type = T.self) throws(BorshError) -> T {
        try T(from: &self)
    }

    /// Fails when bytes are left over: a value must account for its whole encoding.
    public func finish() throws(BorshError) {
        guard remaining == 0 else { throw .trailingBytes(remaining) }
    }

    private mutating func readInteger<T: FixedWidthInteger>(_ what: String) throws(BorshError) -> T {
        let slice = try readFixed(MemoryLayout<T>.size, what)
        var value: T = 0
        for (shift, byte) in slice.enumerated() { value |= T(byte) << (8 * shift) }
        return value
    }
}
