/// A NEAR account id as its UTF-8 bytes. Bytes, not `String`: comparing Swift strings pulls in
/// Unicode normalization tables the contract would have to import; account ids are ASCII anyway.
public struct AccountId: Equatable, BorshCodable {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public init(_ literal: StaticString) {
        bytes = [UInt8](UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// NEAR's rules: 2–64 characters of `a-z 0-9 - _ .`, separators not leading, trailing or doubled.
    public var isValid: Bool {
        if bytes.count < 2 || bytes.count > 64 { return false }
        var previousWasSeparator = true
        for byte in bytes {
            let separator = byte == 0x2D || byte == 0x5F || byte == 0x2E
            let alnum = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            if separator {
                if previousWasSeparator { return false }
            } else if !alnum {
                return false
            }
            previousWasSeparator = separator
        }
        return !previousWasSeparator
    }

    public init(from reader: inout BorshReader) { bytes = reader.readBytes() }
    public func encode(to writer: inout BorshWriter) { writer.write(bytes: bytes) }
}
