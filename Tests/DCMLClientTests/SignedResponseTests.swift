import Attestation
import AttestedTLS
import Crypto
import DCMLClient
import Foundation
import Node
import Testing

@Suite(.serialized) struct SignedResponseTests {
    private static let messages = [ChatMessage(role: "user", content: "Name a color.")]

    @Test func chatIsSignedAndCarriesTheModelHash() async throws {
        try await AttestedNode.with { node in
            let client = try DCMLClient(url: node.url, expectation: .init(allowSimulated: true, composeHash: node.composeHash, modelHash: node.modelHash.hex))
            let answer = try await client.chat(messages: Self.messages, maxTokens: 4, temperature: 0)
            #expect(!answer.content.isEmpty)
            #expect(answer.modelHash == node.modelHash.hex)
            #expect(answer.id.hasPrefix("chatcmpl-"))
        }
    }

    /// One byte of the response changed in transit: the signature check refuses it.
    @Test func alteredResponseIsRefused() async throws {
        try await AttestedNode.with { node in
            let expectation = NodeExpectation(allowSimulated: true, composeHash: node.composeHash)
            let http = AttestedHTTPClient(verifier: RATLSVerifier(policy: expectation.ratlsPolicy))
            let model = try SharedModel.get().engine.modelID
            let request = Array(#"{"max_tokens":4,"messages":[{"content":"Hi","role":"user"}],"model":"\#(model)","temperature":0}"#.utf8)
            let r = try await http.withConnection(host: "127.0.0.1", port: node.port) { conn in
                try await conn.fetch(.init(method: .POST, path: "/v1/chat/completions", headers: [("content-type", "application/json")], body: request))
            }
            #expect(r.status.code == 200)
            let signature = try #require(r.headers.first(name: "x-dcml-signature"))
            let text = r.headers.first(name: "x-dcml-signed-text")
            #expect(r.headers.first(name: "x-dcml-signing-algo") == "ed25519")
            #expect(r.headers.first(name: "x-dcml-signing-public-key") == Hex.encode(node.identity.signingPublicKey))
            #expect(r.headers.first(name: "x-dcml-model-hash") == node.modelHash.hex)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
            #expect(json["model_hash"] as? String == node.modelHash.hex)
            let check = ResponseSignatureCheck(signingPublicKey: node.identity.signingPublicKey, modelHash: node.modelHash.hex)
            try check.check(request: request, response: r.body, signatureHex: signature, signedText: text)

            var altered = r.body
            altered[altered.count / 2] ^= 0x01
            #expect(throws: DCMLClientError.self) { try check.check(request: request, response: altered, signatureHex: signature, signedText: text) }
            #expect(throws: DCMLClientError.self) { try check.check(request: request, response: altered, signatureHex: signature, signedText: nil) }
            var otherRequest = request
            otherRequest[otherRequest.count - 3] ^= 0x01
            #expect(throws: DCMLClientError.self) { try check.check(request: otherRequest, response: r.body, signatureHex: signature, signedText: nil) }
            let wrongModel = ResponseSignatureCheck(signingPublicKey: node.identity.signingPublicKey, modelHash: String(repeating: "0", count: 64))
            #expect(throws: DCMLClientError.self) { try wrongModel.check(request: request, response: r.body, signatureHex: signature, signedText: nil) }

            // The same signature is served by id.
            let id = try #require(json["id"] as? String)
            let byID = try await http.withConnection(host: "127.0.0.1", port: node.port) { conn in
                try await conn.fetch(.init(method: .GET, path: "/v1/signature/\(id)"))
            }
            let sig = try #require(try JSONSerialization.jsonObject(with: Data(byID.body)) as? [String: Any])
            #expect(sig["signature"] as? String == signature)
            #expect(sig["text"] as? String == text)
            #expect(sig["signing_algo"] as? String == "ed25519")
            #expect(sig["signing_public_key"] as? String == Hex.encode(node.identity.signingPublicKey))
        }
    }

    /// The stream is signed over every byte sent, each chunk names the model, and the signature is
    /// fetched by id and checked.
    @Test func streamedChatIsSignedOverEveryByte() async throws {
        try await AttestedNode.with { node in
            let client = try DCMLClient(url: node.url, expectation: .init(allowSimulated: true, composeHash: node.composeHash))
            var pieces = [String]()
            let answer = try await client.chatStream(messages: Self.messages, maxTokens: 4, temperature: 0) { pieces.append($0) }
            #expect(!pieces.isEmpty)
            #expect(answer.content == pieces.joined())
            #expect(answer.modelHash == node.modelHash.hex)

            let http = AttestedHTTPClient(verifier: RATLSVerifier(policy: .init(allowSimulated: true)))
            let missing = try await http.withConnection(host: "127.0.0.1", port: node.port) { try await $0.fetch(.init(method: .GET, path: "/v1/signature/chatcmpl-unknown")) }
            #expect(missing.status.code == 404)
        }
    }

    @Test func signatureCacheIsBoundedAndExpires() {
        let cache = SignatureCache(capacity: 3, ttl: .seconds(10))
        let s = SignedResponse(text: "t", signature: "s", signingPublicKey: "k")
        let t0 = ContinuousClock.now
        for i in 0 ..< 5 { cache.insert(s, id: "id\(i)", now: t0) }
        #expect(cache.count == 3)
        #expect(cache.lookup("id0", now: t0) == nil)
        #expect(cache.lookup("id4", now: t0) == s)
        #expect(cache.lookup("id4", now: t0 + .seconds(11)) == nil)
    }
}
