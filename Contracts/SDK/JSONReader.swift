/// A small recursive-descent JSON parser over bytes (RFC 8259), bounded in depth so a hostile
/// argument cannot exhaust the contract's stack.
public struct JSONReader {
    let bytes: [UInt8]
    var offset = 0
    var depth = 0
    static let maxDepth = 32

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// One value and nothing after it but whitespace.
    public mutating func document() -> JSONValue {
        let value = self.value()
        skipSpace()
        if offset != bytes.count { Near.panic("json: unexpected bytes after the value") }
        return value
    }

    mutating func skipSpace() {
        while offset < bytes.count, bytes[offset] == 0x20 || bytes[offset] == 0x0A || bytes[offset] == 0x0D || bytes[offset] == 0x09 {
            offset += 1
        }
    }

    mutating func peek() -> UInt8 {
        if offset >= bytes.count { Near.panic("json: input ends before the expected value") }
        return bytes[offset]
    }

    mutating func expect(_ byte: UInt8, _ message: StaticString) {
        if peek() != byte { Near.panic(message) }
        offset += 1
    }

    mutating func literal(_ word: StaticString) {
        for b in staticBytes(word) { expect(b, "json: expected true, false or null") }
    }

    mutating func value() -> JSONValue {
        skipSpace()
        switch peek() {
        case 0x7B: return object()
        case 0x5B: return array()
        case 0x22: return .string(string())
        case 0x74: literal("true"); return .bool(true)
        case 0x66: literal("false"); return .bool(false)
        case 0x6E: literal("null"); return .null
        default: return .number(number())
        }
    }

    mutating func nest() {
        depth += 1
        if depth > JSONReader.maxDepth { Near.panic("json: nested deeper than 32 levels") }
    }

    mutating func object() -> JSONValue {
        nest()
        offset += 1
        var members: [JSONMember] = []
        skipSpace()
        if peek() == 0x7D {
            offset += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipSpace()
            if peek() != 0x22 { Near.panic("json: expected a string key") }
            let key = string()
            skipSpace()
            expect(0x3A, "json: expected ':' after a key")
            members.append(JSONMember(key: key, value: value()))
            skipSpace()
            if peek() == 0x2C { offset += 1; continue }
            expect(0x7D, "json: expected ',' or '}' in an object")
            depth -= 1
            return .object(members)
        }
    }

    mutating func array() -> JSONValue {
        nest()
        offset += 1
        var elements: [JSONValue] = []
        skipSpace()
        if peek() == 0x5D {
            offset += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(value())
            skipSpace()
            if peek() == 0x2C { offset += 1; continue }
            expect(0x5D, "json: expected ',' or ']' in an array")
            depth -= 1
            return .array(elements)
        }
    }

    /// A number's text, checked against JSON's grammar.
    mutating func number() -> [UInt8] {
        let start = offset
        if offset < bytes.count, bytes[offset] == 0x2D { offset += 1 }
        let intStart = offset
        digits()
        if offset == intStart { Near.panic("json: expected a value") }
        if bytes[intStart] == 0x30 && offset - intStart > 1 { Near.panic("json: leading zero in a number") }
        if offset < bytes.count, bytes[offset] == 0x2E {
            offset += 1
            let fracStart = offset
            digits()
            if offset == fracStart { Near.panic("json: expected digits after '.'") }
        }
        if offset < bytes.count, bytes[offset] == 0x65 || bytes[offset] == 0x45 {
            offset += 1
            if offset < bytes.count, bytes[offset] == 0x2B || bytes[offset] == 0x2D { offset += 1 }
            let expStart = offset
            digits()
            if offset == expStart { Near.panic("json: expected digits in an exponent") }
        }
        return Array(bytes[start..<offset])
    }

    mutating func digits() {
        while offset < bytes.count, bytes[offset] >= 0x30 && bytes[offset] <= 0x39 { offset += 1 }
    }

    mutating func hex4() -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = peek()
            offset += 1
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c - 0x30
            case 0x61...0x66: digit = c - 0x61 + 10
            case 0x41...0x46: digit = c - 0x41 + 10
            default: Near.panic("json: expected 4 hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// A string's UTF-8 bytes with escapes decoded.
    mutating func string() -> [UInt8] {
        offset += 1
        var out: [UInt8] = []
        while true {
            let c = peek()
            offset += 1
            switch c {
            case 0x22: return out
            case 0x5C:
                let e = peek()
                offset += 1
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    var scalar = hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        expect(0x5C, "json: expected a low surrogate after a high surrogate")
                        expect(0x75, "json: expected a low surrogate after a high surrogate")
                        let low = hex4()
                        if low < 0xDC00 || low > 0xDFFF { Near.panic("json: expected a low surrogate after a high surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                        Near.panic("json: unpaired low surrogate")
                    }
                    appendUTF8(scalar, to: &out)
                default: Near.panic("json: unknown escape in a string")
                }
            default:
                if c < 0x20 { Near.panic("json: control character in a string") }
                out.append(c)
            }
        }
    }
}

func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    switch scalar {
    case 0..<0x80: out.append(UInt8(scalar))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | scalar >> 6)); out.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | scalar >> 12)); out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
        out.append(UInt8(0x80 | scalar & 0x3F))
    default:
        out.append(UInt8(0xF0 | scalar >> 18)); out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
        out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
    }
}
