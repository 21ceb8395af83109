/// Lowercase hex, the project's wire form for hashes given on the command line.
public enum Hex {
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let table = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(table[Int(byte >> 4)])
            out.append(table[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) throws(NearEncodingError) -> [UInt8] {
        var chars = Array(text.utf8)
        if chars.count >= 2 && chars[0] == UInt8(ascii: "0") && (chars[1] | 0x20) == UInt8(ascii: "x") {
            chars.removeFirst(2)
        }
        guard chars.count % 2 == 0 else { throw .invalidHex(text) }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let high = nibble(chars[i]), let low = nibble(chars[i + 1]) else { throw .invalidHex(text) }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }
}
