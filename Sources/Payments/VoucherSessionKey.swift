import Crypto
import NearLightClient

/// A secret that Alice shares with one node's TEE to authenticate her vouchers with HMAC-SHA256
/// in place of an Ed25519 signature per request.
///
/// Why: a voucher is checked on every completion, and Ed25519 verification costs about 150 µs on
/// a modest core, most of issue 8's 0.2 ms budget. An HMAC costs about a microsecond. The key is
/// as good as Alice's signature because it only ever exists in two places: Alice's process, which
/// draws it, and the attested workload, which receives it over the RA-TLS channel together with a
/// ``VoucherSessionGrant`` signed once with her voucher key. The host (Bob) sees neither, so he
/// cannot charge her channel through his own node.
///
/// Never persisted by either side and never printed: `description` shows only the key's hash.
/// A node that restarts has lost it and refuses MAC vouchers until Alice grants a new one.
public struct VoucherSessionKey: Hashable, Sendable, CustomStringConvertible {
    public static let byteCount = 32

    private let key: SymmetricKey
    /// SHA-256 of the key: what the grant signs, and what identifies the session in messages.
    public let digest: [UInt8]

    /// A fresh random key.
    public static func random() -> VoucherSessionKey {
        VoucherSessionKey(key: SymmetricKey(size: .bits256))
    }

    /// A key received on the wire: exactly 32 bytes.
    public init(bytes: some Collection<UInt8>) throws(PaymentFormatError) {
        guard bytes.count == Self.byteCount else {
            throw .invalidField("key", value: "\(bytes.count) bytes", expected: "a \(Self.byteCount)-byte session key (\(2 * Self.byteCount) hex digits)")
        }
        self.init(key: SymmetricKey(data: Array(bytes)))
    }

    private init(key: SymmetricKey) {
        self.key = key
        digest = Array(SHA256.hash(data: key.withUnsafeBytes { Array($0) }))
    }

    /// The key's bytes, to send to the TEE over RA-TLS (and nowhere else).
    public var bytes: [UInt8] { key.withUnsafeBytes { Array($0) } }

    /// HMAC-SHA256 of `message` under this key.
    public func authenticate(_ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }

    /// Whether `code` is this key's HMAC of `message`, compared in constant time.
    public func isValid(_ code: [UInt8], for message: [UInt8]) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: key)
    }

    public static func == (lhs: VoucherSessionKey, rhs: VoucherSessionKey) -> Bool { lhs.digest == rhs.digest }
    public func hash(into hasher: inout Hasher) { hasher.combine(digest) }

    public var description: String { "voucher session key sha256:\(Hex.encode(digest))" }
}
