import Crypto
import Hummingbird

typealias FieldName = HTTPFields.Element.Name

/// Signs completions and keeps the signatures for `GET /v1/signature/{id}`.
public struct ResponseSigning: Sendable {
    public let signer: ResponseSigner
    public let cache: SignatureCache

    public init(signer: ResponseSigner, cache: SignatureCache = SignatureCache()) {
        self.signer = signer
        self.cache = cache
    }

    /// For a node without an attested identity (tests of the HTTP API, development): responses are
    /// still signed, by a key nobody can tie to a TEE.
    public static func ephemeral() -> ResponseSigning { ResponseSigning(signer: ResponseSigner(key: Curve25519.Signing.PrivateKey())) }

    /// Signs, caches under `id` and returns the signature. Public so that `dcml bench node`
    /// measures the exact work a completion does.
    @discardableResult
    public func sign(id: String, modelHash: String, request: ByteBuffer, responseSHA256: [UInt8]) -> SignedResponse {
        let requestHash = Self.sha256(request)
        let signed = signer.sign(modelHash: modelHash, requestSHA256: requestHash, responseSHA256: responseSHA256)
        cache.insert(signed, id: id)
        return signed
    }

    static func sha256(_ buffer: ByteBuffer) -> [UInt8] {
        var h = SHA256()
        buffer.withUnsafeReadableBytes { h.update(bufferPointer: $0) }
        return Array(h.finalize())
    }

    /// The `X-DCML-*` headers for a signed non-streaming response.
    static func headers(_ signed: SignedResponse, modelHash: String) -> HTTPFields {
        var h = HTTPFields()
        h[FieldName(SignedResponse.Header.signature)!] = signed.signature
        h[FieldName(SignedResponse.Header.signedText)!] = signed.text
        h[FieldName(SignedResponse.Header.signingPublicKey)!] = signed.signingPublicKey
        h[FieldName(SignedResponse.Header.signingAlgo)!] = signed.signingAlgo
        h[FieldName(SignedResponse.Header.modelHash)!] = modelHash
        return h
    }
}

/// Hashes every byte written through it, so a streamed response can be signed over exactly what
/// was sent.
struct HashingBodyWriter: ResponseBodyWriter {
    var base: any ResponseBodyWriter
    var hasher = SHA256()

    init(_ base: any ResponseBodyWriter) { self.base = base }

    mutating func write(_ buffer: ByteBuffer) async throws {
        buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        try await base.write(buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await base.finish(trailingHeaders)
    }

    var digest: [UInt8] { Array(hasher.finalize()) }
}
