import NearLightClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The grant's JSON: `{"contract_id","chain_id","channel_id","key_sha256":"<64 hex>","signature":"<128 hex>"}`.
extension VoucherSessionGrant: Codable {
    private enum CodingKeys: String, CodingKey {
        case contract = "contract_id", chain = "chain_id", channel = "channel_id", keyDigest = "key_sha256", signature
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        domain = try container.decodeDomain(contract: .contract, chain: .chain)
        channel = try container.decode(UInt64.self, forKey: .channel)
        let digestHex = try container.decode(String.self, forKey: .keyDigest)
        guard digestHex.utf8.count == 64, let digest = try? Hex.decode(digestHex) else {
            throw DecodingError.dataCorruptedError(forKey: .keyDigest, in: container, debugDescription: "expected 64 hex digits (the SHA-256 of the session key)")
        }
        keyDigest = digest
        signature = try container.decodeSignature(forKey: .signature)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(domain, contract: .contract, chain: .chain)
        try container.encode(channel, forKey: .channel)
        try container.encode(Hex.encode(keyDigest), forKey: .keyDigest)
        try container.encode(Hex.encode(signature.bytes), forKey: .signature)
    }
}

/// `POST /v1/payments/session`'s body: `{"grant": <VoucherSessionGrant>, "key": "<64 hex>"}`. It
/// carries the session key in the clear, so it is sent only inside the node's RA-TLS channel.
public struct VoucherSessionRequest: Codable, Sendable {
    public let grant: VoucherSessionGrant
    public let key: VoucherSessionKey

    public init(grant: VoucherSessionGrant, key: VoucherSessionKey) {
        self.grant = grant
        self.key = key
    }

    private enum CodingKeys: String, CodingKey { case grant, key }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        grant = try container.decode(VoucherSessionGrant.self, forKey: .grant)
        let hex = try container.decode(String.self, forKey: .key)
        do { key = try VoucherSessionKey(bytes: Hex.decode(hex)) } catch {
            throw DecodingError.dataCorruptedError(forKey: .key, in: container, debugDescription: "expected 64 hex digits (a 32-byte session key)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(grant, forKey: .grant)
        try container.encode(Hex.encode(key.bytes), forKey: .key)
    }

    /// Compact JSON for the request body.
    public func jsonData() -> Data {
        // Encoding strings and integers cannot fail.
        try! JSONEncoder().encode(self)
    }
}
