/// A bounds-checked cursor over untrusted bytes.
///
/// Every read names the field it is reading so that a short or malformed input produces an error that
/// says which field was cut off and how many bytes were needed, instead of trapping. Offsets are
/// absolute indices into `bytes`, which lets parsed views keep referring to the original buffer
/// without copying.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int

    init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { max(0, end - offset) }

    /// Reserves `count` bytes for `field` and returns their start offset. Field names are built
    /// only when an error needs them (an autoclosure), so a valid quote parses without formatting
    /// a string per field.
    mutating func take(_ count: Int, field: @autoclosure () -> String) throws(QuoteParseError) -> Int {
        guard count >= 0, count <= remaining else {
            throw .truncated(field: field(), offset: offset, needed: count, available: remaining)
        }
        let start = offset
        offset += count
        return start
    }

    mutating func u16(_ field: @autoclosure () -> String) throws(QuoteParseError) -> UInt16 {
        let at = try take(2, field: field())
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    mutating func u32(_ field: @autoclosure () -> String) throws(QuoteParseError) -> UInt32 {
        let at = try take(4, field: field())
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}

extension Array where Element == UInt8 {
    /// Little-endian u16 at `offset`; callers have already bounds-checked the region.
    @inline(__always) func le16(at offset: Int) -> UInt16 {
        UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    @inline(__always) func le32(at offset: Int) -> UInt32 {
        UInt32(self[offset]) | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24
    }

    /// A view of `count` bytes at `offset` that shares this array's storage (no copy): a parsed
    /// quote keeps its fields as views into the one buffer it was parsed from.
    @inline(__always) func slice(_ offset: Int, _ count: Int) -> ArraySlice<UInt8> {
        self[offset ..< offset + count]
    }

    mutating func appendLE16(_ v: UInt16) {
        append(UInt8(v & 0xff)); append(UInt8(v >> 8))
    }

    mutating func appendLE32(_ v: UInt32) {
        for i in 0 ..< 4 { append(UInt8((v >> (8 * UInt32(i))) & 0xff)) }
    }
}

extension ArraySlice where Element == UInt8 {
    /// A copy of `count` bytes at `offset`, counted from this slice's start (slices keep their
    /// parent's indices).
    @inline(__always) func field(_ offset: Int, _ count: Int) -> [UInt8] {
        Array(self[startIndex + offset ..< startIndex + offset + count])
    }

    /// Overwrites `count` bytes at `offset` (from this slice's start) with `value`, zero-padded or cut.
    mutating func replaceField(_ offset: Int, _ count: Int, with value: [UInt8]) {
        replaceSubrange(startIndex + offset ..< startIndex + offset + count, with: value.padded(to: count))
    }
}
