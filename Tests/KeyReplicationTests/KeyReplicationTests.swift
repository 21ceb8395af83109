import AttestedTLS
import Foundation
import Node
import Sealing
import Testing
import TestSupport

/// Paper §4 end to end on loopback: Charlie seals the default model for a fresh key and seeds
/// node 1 over RA-TLS; node 2 gets the key from node 1 and node 3 from node 2 (mutual RA-TLS,
/// request_sk); a node of another workload is refused; a wrong key is refused; all three serve the
/// same modelH, and the official openai client works against each.
@Suite struct KeyReplicationTests {
    @Test func keyTravelsFromOwnerToThreeNodesAndNeverToAnotherWorkload() async throws {
        let charlie = try CharlieModel()
        let compose = SealedNode.compose(modelHash: charlie.modelHash)
        let other = SealedNode.compose(modelHash: charlie.modelHash, binary: String(repeating: "cd", count: 32))
        let path = charlie.sealedPath
        try await SealedNode.with(sealed: path, compose: compose) { n1 in
            try await SealedNode.with(sealed: path, compose: compose) { n2 in
                try await SealedNode.with(sealed: path, compose: compose) { n3 in
                    try await SealedNode.with(sealed: path, compose: other) { stranger in
                        #expect(n1.composeHash == n3.composeHash)
                        #expect(stranger.composeHash != n1.composeHash)
                        try await replicate(charlie, n1, n2, n3, stranger)
                    }
                }
            }
        }
    }

    private func replicate(_ charlie: CharlieModel, _ n1: SealedNode, _ n2: SealedNode, _ n3: SealedNode, _ stranger: SealedNode) async throws {
        // Before any key: the node attests and lists its model, but cannot generate.
        let waiting = try await n1.complete()
        #expect(waiting.status == 503)
        #expect(waiting.body.errorCode == "model_key_pending")
        #expect(waiting.body.errorMessage.contains("waiting for the model key"))
        let status = try await n1.call(.GET, "/v1/keys/status").body
        #expect(status["state"] as? String == "waiting_for_key")
        #expect(status["public_key"] as? String == charlie.key.publicKey.hex)

        // Charlie's delivery pins the workload; a wrong key and a malformed body are refused.
        let charliePolicy = RATLSPolicy(allowSimulated: true, composeHash: n1.composeHash)
        do {
            _ = try await ModelKeyDelivery(policy: charliePolicy).deliver(ModelSecretKey(), host: "127.0.0.1", port: n1.port)
            Issue.record("a wrong key was accepted")
        } catch {
            guard case let .refused(_, status, message) = error else { throw error }
            #expect(status == 403)
            #expect(message.contains("wrong model key"))
        }
        let malformed = try await n1.call(.POST, "/v1/keys/set_sk", json: #"{"sk": "not hex"}"#)
        #expect(malformed.status == 400)
        #expect(malformed.body.errorCode == "invalid_model_key")

        // Charlie seeds node 1 as an anonymous RA-TLS client.
        let seeded = try await ModelKeyDelivery(policy: charliePolicy).deliver(charlie.key, host: "127.0.0.1", port: n1.port)
        #expect(seeded.response.modelHash == charlie.modelHash.hex)
        #expect(seeded.response.seededBy == "ratls_client")
        #expect(seeded.peerSimulated)

        // Charlie's own check refuses a node of another workload before the key is written.
        do {
            _ = try await ModelKeyDelivery(policy: charliePolicy).deliver(charlie.key, host: "127.0.0.1", port: stranger.port)
            Issue.record("the key went to another workload")
        } catch {
            guard case .peerNotAttested = error else { throw error }
        }

        // request_sk: node 1 refuses the stranger, then hands the key on along the chain.
        let refused = try await n1.requestKey(for: stranger)
        #expect(refused.status == 403)
        #expect(refused.body.errorCode == "peer_not_attested")
        #expect(refused.body.errorMessage.contains("compose hash"))
        let strangerStatus = try await stranger.call(.GET, "/v1/keys/status").body
        #expect(strangerStatus["holds_key"] as? Bool == false)

        let noKey = try await n3.requestKey(for: n2)
        #expect(noKey.status == 409)
        #expect(noKey.body.errorCode == "no_model_key")

        for (from, to) in [(n1, n2), (n2, n3)] {
            let delivered = try await from.requestKey(for: to)
            #expect(delivered.status == 200, "\(delivered.body)")
            #expect(delivered.body["peer_model_hash"] as? String == charlie.modelHash.hex)
            #expect(delivered.body["accepted_as"] as? String == "attested_peer")
            #expect(delivered.body["peer_compose_hash"] as? String == Self.hex(n1.composeHash))
        }

        // All three serve completions naming the same modelH.
        for node in [n1, n2, n3] {
            let completion = try await node.complete()
            #expect(completion.status == 200, "\(completion.body)")
            #expect(completion.body["model_hash"] as? String == charlie.modelHash.hex)
        }
        let model = try await n1.call(.GET, "/v1/models").body["data"].flatMap { ($0 as? [[String: Any]])?.first?["id"] as? String }
        let output = try await Self.openAIClient(urls: [n1, n2, n3].map { "https://127.0.0.1:\($0.port)/v1" }, model: model ?? "")
        let hashes = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String])
        #expect(hashes == Array(repeating: charlie.modelHash.hex, count: 3))
    }

    /// The official `openai` client against each node (it cannot check a quote, so it skips WebPKI
    /// verification; the RA-TLS checks above are what vouch for the nodes).
    private static let script = """
        import json, sys, openai
        model, urls = sys.argv[1], sys.argv[2:]
        hashes = []
        for base in urls:
            client = openai.OpenAI(base_url=base, api_key="unused", max_retries=0, http_client=openai.DefaultHttpxClient(verify=False))
            r = client.chat.completions.create(model=model, messages=[{"role": "user", "content": "Hi"}], max_tokens=2, temperature=0)
            hashes.append(r.model_extra.get("model_hash"))
        print(json.dumps(hashes))
        """

    private static func openAIClient(urls: [String], model: String) async throws -> String {
        // On its own thread: the blocking child must not hold a cooperative-pool thread the nodes need.
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<String, any Error>) in
            Thread {
                c.resume(with: Result { try PythonPackages.run(script: script, arguments: [model] + urls, requirements: [PythonPackages.openai]) })
            }.start()
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
