import Attestation
import Crypto
import Foundation

/// Verifies a signed response (DESIGN.md): recomputes
/// `dcml-v1:{model_hash}:{sha256(request)}:{sha256(response)}` from the bytes this client sent and
/// received, and checks the Ed25519 signature with the key the attestation report bound.
public struct ResponseSignatureCheck: Sendable {
    public let signingPublicKey: [UInt8]
    public let modelHash: String

    public init(signingPublicKey: [UInt8], modelHash: String) {
        self.signingPublicKey = signingPublicKey
        self.modelHash = modelHash
    }

    public func check(request: [UInt8], response: [UInt8], signatureHex: String, signedText: String?) throws(DCMLClientError) {
        let text = "dcml-v1:\(modelHash):\(Hex.encode(Array(SHA256.hash(data: request)))):\(Hex.encode(Array(SHA256.hash(data: response))))"
        if let signedText, signedText != text {
            throw .badSignature("the node signed `\(signedText)`, but the bytes exchanged give `\(text)`: the request or the response was altered in transit, or another model answered")
        }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: signingPublicKey) else {
            throw .badSignature("the signing key is not an Ed25519 public key")
        }
        guard let sig = Hex.decode(signatureHex), sig.count == 64 else { throw .badSignature("the signature is not 64 bytes of hex") }
        guard key.isValidSignature(sig, for: Array(text.utf8)) else {
            throw .badSignature("Ed25519 signature over `\(text)` does not verify with the attested key \(Hex.encode(signingPublicKey))")
        }
    }
}
