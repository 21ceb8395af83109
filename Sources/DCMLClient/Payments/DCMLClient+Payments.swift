import AttestedTLS
import Foundation
import NIOHTTP1

extension DCMLClient {
    /// POSTs `body` to `path` on the verified node, over a connection pinned to its attested TLS
    /// key; a status other than 200 throws ``DCMLClientError/http(status:body:)`` with the node's
    /// OpenAI-shaped error.
    func postPinned(path: String, body: [UInt8], headers: [(String, String)] = []) async throws -> AttestedHTTPResponse {
        try await pinnedRequest(.POST, path: path, body: body, headers: [("content-type", "application/json")] + headers)
    }

    /// GETs `path` as ``postPinned(path:body:headers:)`` POSTs.
    func getPinned(path: String) async throws -> AttestedHTTPResponse {
        try await pinnedRequest(.GET, path: path, body: [], headers: [])
    }

    private func pinnedRequest(_ method: HTTPMethod, path: String, body: [UInt8], headers: [(String, String)]) async throws -> AttestedHTTPResponse {
        let v: NodeVerification
        if let known = verification { v = known } else { v = try await verify() }
        var client = http
        client.verifier.pinnedSPKISHA256 = v.tlsSPKISHA256
        let response = try await client.withConnection(host: host, port: port) { conn in
            try await conn.fetch(.init(method: method, path: path, headers: headers, body: body))
        }
        guard response.status == .ok else {
            throw DCMLClientError.http(status: Int(response.status.code), body: String(decoding: response.body, as: UTF8.self))
        }
        return response
    }

    /// A signed completion answer, checked as ``post(path:body:)`` checks it (signature over
    /// request and response, `model_hash` against the attested one).
    func verifiedCompletion(path: String, body: [UInt8], headers: [(String, String)]) async throws -> (VerifiedResponse, AttestedHTTPResponse) {
        let r = try await postPinned(path: path, body: body, headers: headers)
        guard let v = verification else { throw DCMLClientError.malformedResponse("the node was not verified") }
        guard let sig = r.headers.first(name: "x-dcml-signature") else { throw DCMLClientError.badSignature("the response carries no X-DCML-Signature header") }
        let json = try Self.object(r.body)
        let modelHash = try Self.modelHash(json, verification: v, expectation: expectation)
        try ResponseSignatureCheck(signingPublicKey: v.signingPublicKey, modelHash: modelHash)
            .check(request: body, response: r.body, signatureHex: sig, signedText: r.headers.first(name: "x-dcml-signed-text"))
        return (VerifiedResponse(body: r.body, json: json, modelHash: modelHash, signature: sig), r)
    }
}
