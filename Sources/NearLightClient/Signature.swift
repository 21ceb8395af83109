/// nearcore's `Signature`, ed25519 only. Text form `ed25519:<base58 of 64 bytes>`; borsh form
/// tag 0 ‖ 64 bytes.
public struct Signature: Hashable, Sendable, Ed25519Value {
    public static let length = 64
    public static let what = "ed25519 signature"

    public let bytes: [UInt8]

    public init(ed25519 bytes: [UInt8]) throws(NearEncodingError) {
        guard bytes.count == Self.length else { throw .wrongLength(what: Self.what, expected: Self.length, actual: bytes.count) }
        self.bytes = bytes
    }
}
