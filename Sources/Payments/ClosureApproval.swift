import NearLightClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The TEE's Ed25519 signature over `ClosureTerms.signedMessage`, made with the node's attested
/// signing key (the channel's `signing_public_key` in the contract). The payer submits it to
/// `close_cooperative`; the provider submits the same form to `answer_force_close`.
///
/// JSON (what the node's API returns): the terms' fields plus `"signature"` and
/// `"signer_public_key"`, both lowercase hex. `contractArguments` is the exact argument object
/// the contract's closing methods take.
public struct ClosureApproval: Hashable, Sendable {
    public let terms: ClosureTerms
    public let signer: PublicKey
    public let signature: Signature

    public init(terms: ClosureTerms, signer: PublicKey, signature: Signature) {
        self.terms = terms
        self.signer = signer
        self.signature = signature
    }

    /// Signs the terms with the node's signing key (held in memory only, never in the ledger).
    public static func sign(_ terms: ClosureTerms, with key: SecretKey) throws -> ClosureApproval {
        ClosureApproval(terms: terms, signer: key.publicKey, signature: try key.sign(terms.signedMessage))
    }

    /// Whether `signature` is `signer`'s over the terms; callers also check that `signer` is the
    /// key registered for the channel's provider.
    public var isValid: Bool { signer.verify(signature, for: terms.signedMessage) }
}

extension ClosureApproval {
    /// `{"channel_id":0,"model_share":"…","nonce":7,"signature":"<128 hex>","spent":"…"}`: the
    /// arguments of `close_cooperative` and `answer_force_close`.
    public var contractArguments: Data {
        // A JSON object of strings and integers; built by hand so the keys are exactly the contract's.
        Data(("{\"channel_id\":\(terms.channel),\"model_share\":\"\(terms.modelShare)\",\"nonce\":\(terms.nonce),"
            + "\"signature\":\"\(Hex.encode(signature.bytes))\",\"spent\":\"\(terms.spent)\"}").utf8)
    }
}

extension ClosureApproval: Codable {
    private enum CodingKeys: String, CodingKey {
        case signature
        case signer = "signer_public_key"
    }

    public init(from decoder: Decoder) throws {
        terms = try ClosureTerms(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            signer = try PublicKey(ed25519: Hex.decode(container.decode(String.self, forKey: .signer)))
            signature = try Signature(ed25519: Hex.decode(container.decode(String.self, forKey: .signature)))
        } catch let error as NearEncodingError {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "signer_public_key and signature are lowercase hex: \(error.description)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        try terms.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Hex.encode(signature.bytes), forKey: .signature)
        try container.encode(Hex.encode(signer.bytes), forKey: .signer)
    }
}
