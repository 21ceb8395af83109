import NearLightClient

/// Alice's authorization to charge her channel up to a cumulative amount.
///
/// A voucher is a cap, not a payment: `spent` is the most the node may have charged the channel
/// in total once the request it comes with is done. Alice authorizes (what she has been charged
/// so far + the request's maximum cost); the node charges the actual cost, which is never more,
/// and the closure approval carries what was actually charged. The proof (by the payer key the
/// channel recorded at open, or by a session key that key granted) is what stops anyone else
/// from spending her channel; the strictly increasing `nonce` stops a voucher from being used
/// twice; `domain` and `channel` stop it from being used on another deployment or another node
/// (each node's channel is bound to its own challenge, so it has its own channel id).
///
/// Authenticated message: the UTF-8 text
/// `dcml-voucher-v1:{contract}:{chain}:{channel}:{spent}:{nonce}` with decimal numbers (see
/// Payments.docc), either signed with Ed25519 or MACed with HMAC-SHA256.
public struct Voucher: Hashable, Sendable {
    /// How a voucher shows it is Alice's.
    public enum Proof: Hashable, Sendable {
        /// Ed25519 by the channel's payer key: checkable by anyone, about 150 µs to verify.
        case signature(Signature)
        /// HMAC-SHA256 under the ``VoucherSessionKey`` the payer granted this node's TEE for the
        /// channel (``VoucherSessionGrant``): checkable only there, about a microsecond.
        case mac([UInt8])
    }

    public let domain: ChannelDomain
    public let channel: UInt64
    /// Cumulative yoctoNEAR the node may have charged after this voucher's request.
    public let spent: UInt128
    public let nonce: UInt64
    public let proof: Proof

    public init(domain: ChannelDomain, channel: UInt64, spent: UInt128, nonce: UInt64, proof: Proof) {
        self.domain = domain
        self.channel = channel
        self.spent = spent
        self.nonce = nonce
        self.proof = proof
    }

    /// Signs a voucher with the payer's channel key.
    public static func sign(domain: ChannelDomain, channel: UInt64, spent: UInt128, nonce: UInt64, payerKey: SecretKey) throws -> Voucher {
        let message = signedMessage(domain: domain, channel: channel, spent: spent, nonce: nonce)
        return Voucher(domain: domain, channel: channel, spent: spent, nonce: nonce, proof: .signature(try payerKey.sign(message)))
    }

    /// Authenticates a voucher with a session key the payer granted for this channel.
    public static func authenticate(domain: ChannelDomain, channel: UInt64, spent: UInt128, nonce: UInt64, sessionKey: VoucherSessionKey) -> Voucher {
        let message = signedMessage(domain: domain, channel: channel, spent: spent, nonce: nonce)
        return Voucher(domain: domain, channel: channel, spent: spent, nonce: nonce, proof: .mac(sessionKey.authenticate(message)))
    }

    /// The exact bytes the payer signs or MACs.
    public static func signedMessage(domain: ChannelDomain, channel: UInt64, spent: UInt128, nonce: UInt64) -> [UInt8] {
        Array("dcml-voucher-v1:\(domain.contract):\(domain.chain):\(channel):\(spent):\(nonce)".utf8)
    }

    public var signedMessage: [UInt8] { Self.signedMessage(domain: domain, channel: channel, spent: spent, nonce: nonce) }

    /// Whether the voucher is signed by the payer's key (false for a MAC voucher).
    public func isSigned(by payer: PublicKey) -> Bool {
        guard case .signature(let signature) = proof else { return false }
        return payer.verify(signature, for: signedMessage)
    }

    /// Whether the voucher carries `sessionKey`'s MAC (false for a signed voucher).
    public func isAuthenticated(by sessionKey: VoucherSessionKey) -> Bool {
        guard case .mac(let code) = proof else { return false }
        return sessionKey.isValid(code, for: signedMessage)
    }
}
