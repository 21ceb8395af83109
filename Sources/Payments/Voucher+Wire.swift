import NearLightClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The voucher's wire forms. JSON (in request bodies and files):
/// `{"contract_id":"…","chain_id":"…","channel_id":7,"spent":"1000","nonce":3,"signature":"<128 hex>"}`
/// — `spent` is a decimal string (yoctoNEAR), the signature lowercase hex like every signature the
/// node's HTTP API carries. HTTP header: `X-DCML-Voucher: <standard base64 of that JSON>`, so an
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
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let contract = try container.decode(String.self, forKey: .contract)
        let chain = try container.decode(String.self, forKey: .chain)
        do { domain = try ChannelDomain(contract: contract, chain: chain) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
        channel = try container.decode(UInt64.self, forKey: .channel)
        spent = try container.decodeYocto(forKey: .spent)
        nonce = try container.decode(UInt64.self, forKey: .nonce)
        let hex = try container.decode(String.self, forKey: .signature)
        do { signature = try Signature(ed25519: Hex.decode(hex)) } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .signature, in: container, debugDescription: "expected 128 hex digits (an ed25519 signature): \(error.description)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(domain.contract, forKey: .contract)
        try container.encode(domain.chain, forKey: .chain)
        try container.encode(channel, forKey: .channel)
        try container.encodeYocto(spent, forKey: .spent)
        try container.encode(nonce, forKey: .nonce)
        try container.encode(Hex.encode(signature.bytes), forKey: .signature)
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
