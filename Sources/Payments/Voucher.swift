import NearLightClient

/// Alice's signed authorization to charge her channel up to a cumulative amount.
///
/// A voucher is a cap, not a payment: `spent` is the most the node may have charged the channel
/// in total once the request it comes with is done. Alice signs (what she has been charged so far
/// + the request's maximum cost); the node charges the actual cost, which is never more, and the
/// closure approval carries what was actually charged. The signature (by the payer key the
/// channel recorded at open) is what stops anyone else from spending her channel; the strictly
/// increasing `nonce` stops a voucher from being used twice; `domain` and `channel` stop it from
/// being used on another deployment or another node (each node's channel is bound to its own
/// challenge, so it has its own channel id).
///
/// Signed message: the UTF-8 text `dcml-voucher-v1:{contract}:{chain}:{channel}:{spent}:{nonce}`
/// with decimal numbers (see Payments.docc).
public struct Voucher: Hashable, Sendable {
    public let domain: ChannelDomain
    public let channel: UInt64
    /// Cumulative yoctoNEAR the node may have charged after this voucher's request.
    public let spent: UInt128
    public let nonce: UInt64
    public let signature: Signature

    public init(domain: ChannelDomain, channel: UInt64, spent: UInt128, nonce: UInt64, signature: Signature) {
        self.domain = domain
        self.channel = channel
        self.spent = spent
        self.nonce = nonce
        self.signature = signature
    }

    /// Signs a voucher with the payer's channel key.
    public static func sign(domain: ChannelDomain, channel: UInt64, spent: UInt128, nonce: UInt64, payerKey: SecretKey) throws -> Voucher {
        let message = signedMessage(domain: domain, channel: channel, spent: spent, nonce: nonce)
        return Voucher(domain: domain, channel: channel, spent: spent, nonce: nonce, signature: try payerKey.sign(message))
    }

    /// The exact bytes the payer signs.
    public static func signedMessage(domain: ChannelDomain, channel: UInt64, spent: UInt128, nonce: UInt64) -> [UInt8] {
        Array("dcml-voucher-v1:\(domain.contract):\(domain.chain):\(channel):\(spent):\(nonce)".utf8)
    }

    public var signedMessage: [UInt8] { Self.signedMessage(domain: domain, channel: channel, spent: spent, nonce: nonce) }

    /// Whether the signature is the payer's over this voucher's fields.
    public func isSigned(by payer: PublicKey) -> Bool {
        payer.verify(signature, for: signedMessage)
    }
}
