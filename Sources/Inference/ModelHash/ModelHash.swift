/// modelH: the SHA-256 of a model's canonical manifest (see ``ModelManifest``), which names the
/// model that produced a completion. Travels as 64 lowercase hex digits.
public struct ModelHash: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses 64 hex digits (either case); nil when malformed.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(32)
        var i = 0
        while i < 64 {
            guard let hi = Self.nibble(utf8[i]), let lo = Self.nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        bytes = out
    }

    /// The model of a node that serves an unidentified model (e.g. a backend whose weights it was
    /// not shown): 32 zero bytes, so responses still carry the field and verifiers can refuse it.
    public static let unidentified = ModelHash(bytes: [UInt8](repeating: 0, count: 32))

    public var isUnidentified: Bool { self == .unidentified }
    public var hex: String { Self.hex(bytes) }
    public var description: String { hex }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0f)]) }
        return String(decoding: out, as: UTF8.self)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }
}
