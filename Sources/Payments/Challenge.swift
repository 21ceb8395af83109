import NearLightClient

/// The node's single-use random challenge (§6 `get_challenge()`): Alice opens her channel with
/// it, and the node accepts only the channel that carries the challenge it issued, so one channel
/// can never be established with two node instances (two clones would each need their own).
/// 32 random bytes; JSON and the contract carry it as 64 lowercase hex digits.
public struct Challenge: Hashable, Sendable, Codable, CustomStringConvertible {
    public static let length = 32
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(PaymentFormatError) {
        guard bytes.count == Self.length else {
            throw .invalidField("challenge", value: Hex.encode(bytes), expected: "\(Self.length) bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    public init(hex: String) throws(PaymentFormatError) {
        guard let bytes = try? Hex.decode(hex) else {
            throw .invalidField("challenge", value: hex, expected: "\(Self.length * 2) hex digits")
        }
        try self.init(bytes: bytes)
    }

    /// A fresh challenge from the system's cryptographic random source.
    public static func random() -> Challenge {
        var generator = SystemRandomNumberGenerator()
        // `length` bytes exactly.
        return try! Challenge(bytes: (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    public var description: String { Hex.encode(bytes) }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(hex: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
