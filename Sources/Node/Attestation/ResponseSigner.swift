import Attestation
import Crypto
import Foundation

/// Signs responses (DESIGN.md): Ed25519 over the UTF-8 text
/// `dcml-v1:{model_hash}:{sha256 hex of request body}:{sha256 hex of response body}`.
///
/// The request hash proves which prompt was answered, the response hash which bytes were sent
/// (for SSE every byte of the stream), and the model hash which model answered.
public struct ResponseSigner: Sendable {
    let key: Curve25519.Signing.PrivateKey

    init(key: Curve25519.Signing.PrivateKey) { self.key = key }

    public var publicKey: [UInt8] { Array(key.publicKey.rawRepresentation) }

    public static func text(modelHash: String, requestSHA256: [UInt8], responseSHA256: [UInt8]) -> String {
        "dcml-v1:\(modelHash):\(Hex.encode(requestSHA256)):\(Hex.encode(responseSHA256))"
    }

    func sign(modelHash: String, requestSHA256: [UInt8], responseSHA256: [UInt8]) -> SignedResponse {
        let text = Self.text(modelHash: modelHash, requestSHA256: requestSHA256, responseSHA256: responseSHA256)
        let signature = (try? key.signature(for: Array(text.utf8))).map { Array($0) } ?? []
        return SignedResponse(text: text, signature: Hex.encode(signature), signingPublicKey: Hex.encode(publicKey))
    }
}

/// `GET /v1/signature/{id}` and the `X-DCML-*` headers of non-streaming responses.
public struct SignedResponse: Codable, Sendable, Equatable {
    public var text: String
    public var signature: String
    public var signingPublicKey: String
    public var signingAlgo = "ed25519"

    public init(text: String, signature: String, signingPublicKey: String) {
        self.text = text
        self.signature = signature
        self.signingPublicKey = signingPublicKey
    }

    enum CodingKeys: String, CodingKey { case text, signature, signingPublicKey = "signing_public_key", signingAlgo = "signing_algo" }

    /// Header names of a signed non-streaming response.
    public enum Header {
        public static let signature = "X-DCML-Signature"
        public static let signedText = "X-DCML-Signed-Text"
        public static let signingPublicKey = "X-DCML-Signing-Public-Key"
        public static let signingAlgo = "X-DCML-Signing-Algo"
        public static let modelHash = "X-DCML-Model-Hash"
    }
}
