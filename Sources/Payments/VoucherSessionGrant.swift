import NearLightClient

/// Alice's one signature that lets a ``VoucherSessionKey`` stand in for her voucher key on one
/// channel: vouchers authenticated with that key's HMAC are then hers.
///
/// The grant signs the key's SHA-256, not the key, so the grant reveals nothing that could
/// authenticate a voucher. It is sent with the key itself to the node's TEE over RA-TLS
/// (`POST /v1/payments/session`); a later grant for the same channel replaces the earlier key.
///
/// Signed message: the UTF-8 text
/// `dcml-voucher-session-v1:{contract}:{chain}:{channel}:{sha256(key) as 64 lowercase hex}`.
public struct VoucherSessionGrant: Hashable, Sendable {
    public let domain: ChannelDomain
    public let channel: UInt64
    public let keyDigest: [UInt8]
    public let signature: Signature

    public init(domain: ChannelDomain, channel: UInt64, keyDigest: [UInt8], signature: Signature) {
        self.domain = domain
        self.channel = channel
        self.keyDigest = keyDigest
        self.signature = signature
    }

    /// Grants `key` for `channel`, signed with the payer's voucher key.
    public static func sign(domain: ChannelDomain, channel: UInt64, key: VoucherSessionKey, payerKey: SecretKey) throws -> VoucherSessionGrant {
        let message = signedMessage(domain: domain, channel: channel, keyDigest: key.digest)
        return VoucherSessionGrant(domain: domain, channel: channel, keyDigest: key.digest, signature: try payerKey.sign(message))
    }

    /// The exact bytes the payer signs.
    public static func signedMessage(domain: ChannelDomain, channel: UInt64, keyDigest: [UInt8]) -> [UInt8] {
        Array("dcml-voucher-session-v1:\(domain.contract):\(domain.chain):\(channel):\(Hex.encode(keyDigest))".utf8)
    }

    public var signedMessage: [UInt8] { Self.signedMessage(domain: domain, channel: channel, keyDigest: keyDigest) }

    /// Whether the payer signed this grant, and it grants `key`.
    public func grants(_ key: VoucherSessionKey, signedBy payer: PublicKey) -> Bool {
        key.digest == keyDigest && payer.verify(signature, for: signedMessage)
    }
}
