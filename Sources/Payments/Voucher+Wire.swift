import NearLightClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The voucher's wire forms. JSON (in request bodies and files):
/// `{"contract_id":"…","chain_id":"…","channel_id":7,"spent":"1000","nonce":3,"signature":"<128 hex>"}`
/// — `spent` is a decimal string (yoctoNEAR), the signature lowercase hex like every signature the
/// node's HTTP API carries. A session voucher has `"mac":"<64 hex>"` in place of `signature`;
/// exactly one of the two is present. HTTP header: `X-DCML-Voucher: <standard base64 of that JSON>`, so an
/// OpenAI request body stays untouched and any client library can add it.
extension Voucher: Codable {
    /// The request header that carries a voucher.
    public static let headerName = "X-DCML-Voucher"

    private enum CodingKeys: String, CodingKey {
        case contract = "contract_id"
        case chain = "chain_id"
        case channel = "channel_id"
        case spent
        case nonce
        case signature
        case mac
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        domain = try container.decodeDomain(contract: .contract, chain: .chain)
        channel = try container.decode(UInt64.self, forKey: .channel)
        spent = try container.decodeYocto(forKey: .spent)
        nonce = try container.decode(UInt64.self, forKey: .nonce)
        switch (try container.decodeIfPresent(String.self, forKey: .signature), try container.decodeIfPresent(String.self, forKey: .mac)) {
        case (_?, nil):
            proof = .signature(try container.decodeSignature(forKey: .signature))
        case (nil, let hex?):
            guard hex.utf8.count == 64, let code = try? Hex.decode(hex) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .mac, in: container, debugDescription: "expected 64 hex digits (an HMAC-SHA256 under the channel's session key)")
            }
            proof = .mac(code)
        case (nil, nil):
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "missing field 'signature'; expected `signature` (ed25519 by the payer key) or `mac` (HMAC-SHA256 under a granted session key)"))
        case (_?, _?):
            throw DecodingError.dataCorruptedError(
                forKey: .mac, in: container, debugDescription: "both `signature` and `mac` are present; expected exactly one")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(domain, contract: .contract, chain: .chain)
        try container.encode(channel, forKey: .channel)
        try container.encodeYocto(spent, forKey: .spent)
        try container.encode(nonce, forKey: .nonce)
        switch proof {
        case .signature(let signature): try container.encode(Hex.encode(signature.bytes), forKey: .signature)
        case .mac(let code): try container.encode(Hex.encode(code), forKey: .mac)
        }
    }

    /// Compact JSON with keys in a fixed order.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail.
        return try! encoder.encode(self)
    }

    public init(jsonData: Data) throws(PaymentFormatError) {
        do { self = try JSONDecoder().decode(Voucher.self, from: jsonData) } catch {
            throw .invalidJSON(what: "voucher", reason: PaymentFormatError.reason(decoding: error))
        }
    }

    /// The `X-DCML-Voucher` header value.
    public var headerValue: String { jsonData().base64EncodedString() }

    public init(headerValue: String) throws(PaymentFormatError) {
        // A voucher's JSON is under 400 bytes; refuse big headers before decoding them.
        guard headerValue.utf8.count <= 1024 else {
            throw .invalidHeader(Self.headerName, reason: "\(headerValue.utf8.count) bytes, expected at most 1024")
        }
        guard let json = Data(base64Encoded: headerValue) else {
            throw .invalidHeader(Self.headerName, reason: "not standard base64; expected base64 of the voucher's JSON")
        }
        try self.init(jsonData: json)
    }
}
