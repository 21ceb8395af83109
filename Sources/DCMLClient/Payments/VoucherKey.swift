import Crypto
import NearLightClient
import Payments

/// The payer's voucher key of one channel, derived rather than stored: HKDF-SHA256 over the
/// secret seed of the NEAR key that opened the channel, bound to the market (contract and chain)
/// and the channel's challenge. Whoever holds the NEAR key file can always re-derive it, so the
/// channel store on disk holds no secret, and each channel gets a key of its own (a leaked
/// voucher key pays only from that channel).
public enum VoucherKey {
    static let label = "dcml-voucher-key-v1"

    public static func derive(from nearKey: SecretKey, domain: ChannelDomain, challenge: Challenge) throws -> SecretKey {
        // NEAR's text form is ed25519:<base58 of seed ‖ public key>; the seed is the first 32 bytes.
        var keyPair = try Base58.decode(String(nearKey.nearString.dropFirst("ed25519:".count)))
        defer { for i in keyPair.indices { keyPair[i] = 0 } }
        // NUL separates the parts: account ids, chain ids and hex challenges never contain one.
        let info = Array("\(label)\0\(domain.contract)\0\(domain.chain)\0\(challenge)".utf8)
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: keyPair.prefix(32)), info: info, outputByteCount: 32)
        return try derived.withUnsafeBytes { try SecretKey(seed: Array($0)) }
    }
}
