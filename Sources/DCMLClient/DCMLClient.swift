import Attestation
import AttestedTLS
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// The Swift SDK for a DCML node: every connection is RA-TLS verified before a byte is sent,
/// ``verify()`` checks a fresh attestation report over that connection, and every completion's
/// signature and model hash are checked against what the report proved.
///
/// ```swift
/// let client = try DCMLClient(url: "https://127.0.0.1:8443", expectation: .init(allowSimulated: true))
/// let proof = try await client.verify()
/// let answer = try await client.chat(messages: [.init(role: "user", content: "Hi")], maxTokens: 16)
/// ```
public final class DCMLClient: Sendable {
    public let host: String
    public let port: Int
    public let expectation: NodeExpectation
    let http: AttestedHTTPClient
    private let verified = Mutex<NodeVerification?>(nil)

    public init(url: String, expectation: NodeExpectation, identity: RATLSIdentity? = nil) throws(DCMLClientError) {
        guard let u = URL(string: url), u.scheme == "https", let host = u.host, !host.isEmpty else { throw .badURL(url) }
        self.host = host
        self.port = u.port ?? 443
        self.expectation = expectation
        self.http = AttestedHTTPClient(verifier: RATLSVerifier(policy: expectation.ratlsPolicy), identity: identity)
    }

    /// The verification of this node, once ``verify()`` succeeded.
    public var verification: NodeVerification? { verified.withLock { $0 } }

    /// RA-TLS handshake (quote, policy, key binding), then a fresh-nonce attestation report over
    /// the same connection. Later connections must present the same TLS key.
    @discardableResult
    public func verify() async throws -> NodeVerification {
        var nonce = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in nonce.indices { nonce[i] = UInt8.random(in: 0...255, using: &rng) }
        let check = AttestationReportCheck(expectation: expectation)
        let collateralSource = expectation.collateral
        let result = try await http.withConnection(host: host, port: port) { conn in
            let r = try await conn.fetch(.init(method: .GET, path: "/v1/attestation/report?nonce=\(Hex.encode(nonce))"))
            guard r.status == .ok else { throw DCMLClientError.http(status: Int(r.status.code), body: String(decoding: r.body, as: UTF8.self)) }
            var collateral: PreparedCollateral?
            if let collateralSource, !conn.peer.isSimulated {
                collateral = try await collateralSource.collateral(for: conn.peer.verdict.verification.quote, at: Date())
            }
            return try check.check(body: r.body, nonce: nonce, peer: conn.peer, collateral: collateral)
        }
        verified.withLock { $0 = result }
        return result
    }

    private func ensureVerified() async throws -> NodeVerification {
        if let v = verification { return v }
        return try await verify()
    }

    /// A client pinned to the verified node's TLS key.
    private func pinned(_ v: NodeVerification) -> AttestedHTTPClient {
        var c = http
        c.verifier.pinnedSPKISHA256 = v.tlsSPKISHA256
        return c
    }

    /// POSTs `body` to `path` and checks the response's signature (headers) and `model_hash`.
    public func post(path: String, body: [UInt8]) async throws -> VerifiedResponse {
        let v = try await ensureVerified()
        let r = try await pinned(v).withConnection(host: host, port: port) { conn in
            try await conn.fetch(.init(method: .POST, path: path, headers: [("content-type", "application/json")], body: body))
        }
        guard r.status == .ok else { throw DCMLClientError.http(status: Int(r.status.code), body: String(decoding: r.body, as: UTF8.self)) }
        guard let sig = r.headers.first(name: "x-dcml-signature") else { throw DCMLClientError.badSignature("the response carries no X-DCML-Signature header") }
        let json = try Self.object(r.body)
        let modelHash = try Self.modelHash(json, verification: v, expectation: expectation)
        try ResponseSignatureCheck(signingPublicKey: v.signingPublicKey, modelHash: modelHash)
            .check(request: body, response: r.body, signatureHex: sig, signedText: r.headers.first(name: "x-dcml-signed-text"))
        return VerifiedResponse(body: r.body, json: json, modelHash: modelHash, signature: sig)
    }

    /// A chat completion, checked. `model` nil: the node's served model.
    public func chat(model: String? = nil, messages: [ChatMessage], maxTokens: Int? = nil, temperature: Double? = nil) async throws -> VerifiedCompletion {
        let body = try await requestBody(model: model, messages: messages, maxTokens: maxTokens, temperature: temperature, stream: false)
        let r = try await post(path: "/v1/chat/completions", body: body)
        let choice = (r.json["choices"] as? [[String: Any]])?.first
        let content = (choice?["message"] as? [String: Any])?["content"] as? String ?? ""
        return VerifiedCompletion(id: r.json["id"] as? String ?? "", content: content, modelHash: r.modelHash, signature: r.signature)
    }

    /// A streamed chat completion: `onDelta` sees text as it arrives (each chunk's `model_hash`
    /// checked); the signature over every byte of the stream is fetched and checked at the end.
    public func chatStream(model: String? = nil, messages: [ChatMessage], maxTokens: Int? = nil, temperature: Double? = nil,
                           onDelta: (String) async throws -> Void) async throws -> VerifiedCompletion {
        let body = try await requestBody(model: model, messages: messages, maxTokens: maxTokens, temperature: temperature, stream: true)
        return try await verifiedStream(body: body) { chunk, _ in
            for delta in Self.deltas(chunk) { try await onDelta(delta) }
        }
    }

    /// Streams the completion of `body` (a caller's `stream: true` request), sent with `headers`:
    /// `onChunk` gets each chunk as JSON and as the exact bytes of its SSE event (`data: …`),
    /// after its `model_hash` is checked; the signature over every byte of the stream is fetched
    /// and checked at the end.
    func verifiedStream(
        body: [UInt8], headers: [(String, String)] = [], onChunk: ([String: Any], [UInt8]) async throws -> Void
    ) async throws -> VerifiedCompletion {
        let v = try await ensureVerified()
        let expectation = self.expectation
        let client = pinned(v)
        let (id, content, modelHash, raw) = try await client.withConnection(host: host, port: port) { conn in
            var raw = [UInt8]()
            var pending = [UInt8]()
            var status = HTTPResponseStatus.ok
            var id = "", content = "", modelHash: String?
            try await conn.send(.init(method: .POST, path: "/v1/chat/completions", headers: [("content-type", "application/json")] + headers, body: body),
                                onHead: { status = $0.status }, onBody: { part in
                raw += part.readableBytesView
                guard status == .ok else { return }
                pending += part.readableBytesView
                while let end = Self.eventEnd(pending) {
                    let event = Array(pending[..<end])
                    pending.removeFirst(end + 2)
                    guard event.starts(with: Array("data: ".utf8)) else { continue }
                    let data = Array(event.dropFirst(6))
                    if data == Array("[DONE]".utf8) { continue }
                    let json = try Self.object(data)
                    if let e = json["error"] { throw DCMLClientError.malformedResponse("the node reported an error mid-stream: \(e)") }
                    let h = try Self.modelHash(json, verification: v, expectation: expectation)
                    if let m = modelHash, m != h { throw DCMLClientError.wrongModel(expected: m, found: h) }
                    modelHash = h
                    id = json["id"] as? String ?? id
                    content += Self.deltas(json).joined()
                    try await onChunk(json, event)
                }
            })
            guard status == .ok else { throw DCMLClientError.http(status: Int(status.code), body: String(decoding: raw, as: UTF8.self)) }
            guard let modelHash, !id.isEmpty else { throw DCMLClientError.malformedResponse("the stream carried no completion chunk") }
            return (id, content, modelHash, raw)
        }
        // The node may close the connection after a stream; the signature is fetched on a fresh
        // connection pinned to the same attested key.
        return try await client.withConnection(host: host, port: port) { conn in
            let s = try await conn.fetch(.init(method: .GET, path: "/v1/signature/\(id)"))
            guard s.status == .ok else { throw DCMLClientError.http(status: Int(s.status.code), body: String(decoding: s.body, as: UTF8.self)) }
            let sig = try Self.object(s.body)
            guard let signature = sig["signature"] as? String else { throw DCMLClientError.malformedResponse("signature response has no `signature`") }
            guard (sig["signing_public_key"] as? String) == Hex.encode(v.signingPublicKey) else {
                throw DCMLClientError.badSignature("the signature names key \(sig["signing_public_key"] ?? "none"), not the attested \(Hex.encode(v.signingPublicKey))")
            }
            try ResponseSignatureCheck(signingPublicKey: v.signingPublicKey, modelHash: modelHash)
                .check(request: body, response: raw, signatureHex: signature, signedText: sig["text"] as? String)
            return VerifiedCompletion(id: id, content: content, modelHash: modelHash, signature: signature)
        }
    }

    /// The model ids the node serves.
    public func models() async throws -> [String] {
        let v = try await ensureVerified()
        let r = try await pinned(v).withConnection(host: host, port: port) { conn in try await conn.fetch(.init(method: .GET, path: "/v1/models")) }
        guard r.status == .ok else { throw DCMLClientError.http(status: Int(r.status.code), body: String(decoding: r.body, as: UTF8.self)) }
        return ((try Self.object(r.body))["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    func requestBody(model: String?, messages: [ChatMessage], maxTokens: Int?, temperature: Double?, stream: Bool) async throws -> [UInt8] {
        var modelID = model
        if modelID == nil { modelID = try await models().first }
        var o: [String: Any] = ["model": modelID ?? "", "messages": messages.map { ["role": $0.role, "content": $0.content] }]
        if let maxTokens { o["max_tokens"] = maxTokens }
        if let temperature { o["temperature"] = temperature }
        if stream { o["stream"] = true }
        return Array(try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]))
    }

    static func object(_ bytes: [UInt8]) throws(DCMLClientError) -> [String: Any] {
        guard let o = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            throw .malformedResponse("not a JSON object: \(String(decoding: bytes.prefix(200), as: UTF8.self))")
        }
        return o
    }

    /// The body's `model_hash`, which must be the attested one (and the expected one, if any).
    static func modelHash(_ json: [String: Any], verification v: NodeVerification, expectation: NodeExpectation) throws(DCMLClientError) -> String {
        guard let h = json["model_hash"] as? String else { throw .malformedResponse("the completion carries no `model_hash`") }
        if let want = expectation.modelHash, want != h { throw .wrongModel(expected: want, found: h) }
        if h != v.modelHash { throw .wrongModel(expected: v.modelHash, found: h) }
        return h
    }

    /// The text a stream chunk adds, choice by choice.
    static func deltas(_ chunk: [String: Any]) -> [String] {
        (chunk["choices"] as? [[String: Any]] ?? []).compactMap { choice in
            guard let delta = (choice["delta"] as? [String: Any])?["content"] as? String, !delta.isEmpty else { return nil }
            return delta
        }
    }

    /// Index of the blank line ending the first SSE event, if complete.
    static func eventEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for i in 0 ..< bytes.count - 1 where bytes[i] == 0x0a && bytes[i + 1] == 0x0a { return i }
        return nil
    }
}

public struct ChatMessage: Sendable {
    public var role: String
    public var content: String
    public init(role: String, content: String) { self.role = role; self.content = content }
}

/// A response whose signature and model hash verified.
public struct VerifiedResponse: @unchecked Sendable {
    public let body: [UInt8]
    public let json: [String: Any]
    public let modelHash: String
    public let signature: String
}

public struct VerifiedCompletion: Sendable {
    public let id: String
    public let content: String
    public let modelHash: String
    public let signature: String
}
