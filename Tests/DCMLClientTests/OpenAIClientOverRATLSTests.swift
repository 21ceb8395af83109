import Foundation
import Testing
import TestSupport

/// The official `openai` Python client against an RA-TLS node (it cannot check a quote, so it skips
/// WebPKI verification; DCMLClient is what verifies): completions and every chunk carry model_hash.
@Suite struct OpenAIClientOverRATLSTests {
    private static let script = """
        import json, sys, openai
        base, model = sys.argv[1], sys.argv[2]
        client = openai.OpenAI(base_url=base, api_key="unused", max_retries=0, http_client=openai.DefaultHttpxClient(verify=False))
        messages = [{"role": "user", "content": "Name a color."}]
        raw = client.chat.completions.with_raw_response.create(model=model, messages=messages, max_tokens=4, temperature=0)
        r = raw.parse()
        out = {"chat_model_hash": r.model_extra.get("model_hash"), "signature": raw.headers.get("x-dcml-signature"), "content": r.choices[0].message.content}
        hashes = set()
        for chunk in client.chat.completions.create(model=model, messages=messages, max_tokens=4, temperature=0, stream=True):
            hashes.add(chunk.model_extra.get("model_hash"))
        out["chunk_model_hashes"] = sorted(h or "" for h in hashes)
        print(json.dumps(out))
        """

    @Test func officialClientWorksOverRATLS() async throws {
        let model = try SharedModel.get()
        let output = try await AttestedNode.with { node in
            // On its own thread: the blocking child must not hold a cooperative-pool thread the node needs.
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<String, any Error>) in
                Thread {
                    c.resume(with: Result { try PythonPackages.run(script: Self.script, arguments: ["\(node.url)/v1", model.engine.modelID], requirements: [PythonPackages.openai]) })
                }.start()
            }
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(json["chat_model_hash"] as? String == model.hash.hex)
        #expect((json["signature"] as? String)?.count == 128)
        #expect(json["chunk_model_hashes"] as? [String] == [model.hash.hex])
    }
}
