/// Base58 with the Bitcoin alphabet, as NEAR uses for hashes, keys and signatures in JSON.
///
/// Leading zero bytes map to leading '1' characters, so fixed-size values round-trip exactly.
public enum Base58 {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    /// Character code → digit value, 0xFF for characters outside the alphabet.
    static let digits: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
        return table
    }()

    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var zeros = 0
        while zeros < input.count && input[zeros] == 0 { zeros += 1 }
        // log(256) / log(58) ≈ 1.366; digits are kept little-endian while converting.
        var digits = [UInt8](repeating: 0, count: (input.count - zeros) * 138 / 100 + 1)
        var length = 0
        for byte in input[zeros...] {
            var carry = Int(byte)
            var i = 0
            while carry != 0 || i < length {
                carry += 256 * Int(digits[i])
                digits[i] = UInt8(carry % 58)
                carry /= 58
                i += 1
            }
            length = i
        }
        var out = [UInt8](repeating: alphabet[0], count: zeros)
        out.reserveCapacity(zeros + length)
        for i in stride(from: length - 1, through: 0, by: -1) { out.append(alphabet[Int(digits[i])]) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) throws(NearEncodingError) -> [UInt8] {
        let input = Array(text.utf8)
        var zeros = 0
        while zeros < input.count && input[zeros] == alphabet[0] { zeros += 1 }
        // log(58) / log(256) ≈ 0.733; bytes are kept little-endian while converting.
        var bytes = [UInt8](repeating: 0, count: (input.count - zeros) * 733 / 1000 + 1)
        var length = 0
        for (position, char) in input.enumerated().dropFirst(zeros) {
            let digit = digits[Int(char)]
            if digit == 0xFF {
                let scalar = String(decoding: input[position...], as: UTF8.self).first ?? "?"
                throw .invalidBase58Character(scalar, position: position)
            }
            var carry = Int(digit)
            var i = 0
            while carry != 0 || i < length {
                carry += 58 * Int(bytes[i])
                bytes[i] = UInt8(carry & 0xFF)
                carry >>= 8
                i += 1
            }
            length = i
        }
        var out = [UInt8](repeating: 0, count: zeros)
        out.reserveCapacity(zeros + length)
        for i in stride(from: length - 1, through: 0, by: -1) { out.append(bytes[i]) }
        return out
    }

    /// Decodes a value that must have exactly `count` bytes (a hash, key or signature).
    /// Text longer than any encoding of `count` bytes is refused before decoding, because
    /// decoding is quadratic in the length and the text may come from an untrusted server.
    public static func decode(_ text: String, count: Int, what: String) throws(NearEncodingError) -> [UInt8] {
        let longest = count * 138 / 100 + 2
        guard text.utf8.count <= longest else {
            throw .wrongLength(what: what + " (base58 text of \(text.utf8.count) characters)", expected: count, actual: text.utf8.count * 733 / 1000)
        }
        let bytes = try decode(text)
        guard bytes.count == count else { throw .wrongLength(what: what, expected: count, actual: bytes.count) }
        return bytes
    }
}
