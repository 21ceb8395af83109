/// Hex for keys, hashes and signatures (DCML's wire convention: lowercase hex). Decoding accepts
/// either case; encoding writes lowercase.
public enum Hex {
    /// Lowercase hex digits of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(hexDigit(b >> 4))
            out.append(hexDigit(b & 0xF))
        }
        return out
    }

    /// The bytes written as hex in `text`, nil for an odd length or a non-hex character.
    public static func decode(_ text: [UInt8]) -> [UInt8]? {
        if text.count % 2 != 0 { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        var i = 0
        while i < text.count {
            guard let hi = nibble(text[i]), let lo = nibble(text[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }
}
