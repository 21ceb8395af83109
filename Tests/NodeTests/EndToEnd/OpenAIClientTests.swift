import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import Testing
import TestSupport

/// The official `openai` Python package, unmodified, against a node on an ephemeral loopback
/// port: what a user's own client does.
@Suite struct OpenAIClientTests {
    private static let script = """
        import json, sys, openai
        base, model = sys.argv[1], sys.argv[2]
        client = openai.OpenAI(base_url=base, api_key="unused")  # the client's own default retries, as users run it
        out = {}
        out["models"] = [m.id for m in client.models.list().data]

        messages = [{"role": "user", "content": "Name three colors."}]
        r = client.chat.completions.create(model=model, messages=messages, max_tokens=8, temperature=0)
        out["chat"] = {"id": r.id, "object": r.object, "content": r.choices[0].message.content,
                       "role": r.choices[0].message.role, "finish": r.choices[0].finish_reason,
                       "completion_tokens": r.usage.completion_tokens, "prompt_tokens": r.usage.prompt_tokens}

        pieces, finish, usage, ids = [], None, None, set()
        for chunk in client.chat.completions.create(model=model, messages=messages, max_tokens=8, temperature=0,
                                                    stream=True, stream_options={"include_usage": True}):
            ids.add(chunk.id)
            if chunk.usage is not None:
                usage = chunk.usage.completion_tokens
            for choice in chunk.choices:
                if choice.delta.content:
                    pieces.append(choice.delta.content)
                if choice.finish_reason:
                    finish = choice.finish_reason
        out["stream"] = {"content": "".join(pieces), "pieces": len(pieces), "finish": finish,
                         "completion_tokens": usage, "ids": len(ids)}

        t = client.completions.create(model=model, prompt="The capital of France is", max_tokens=6, temperature=0)
        out["completion"] = {"object": t.object, "text": t.choices[0].text, "finish": t.choices[0].finish_reason,
                             "completion_tokens": t.usage.completion_tokens}
        stop_at = t.choices[0].text[2:4]
        s = client.completions.create(model=model, prompt="The capital of France is", max_tokens=6, temperature=0, stop=[stop_at])
        out["stopped"] = {"stop": stop_at, "text": s.choices[0].text, "finish": s.choices[0].finish_reason}

        try:
            client.chat.completions.create(model="no-such-model", messages=messages, max_tokens=1)
        except openai.NotFoundError as e:
            out["not_found"] = {"status": e.status_code, "code": e.code}
        try:
            client.chat.completions.create(model=model, messages=messages, max_tokens=1, n=2)
        except openai.BadRequestError as e:
            out["bad_request"] = {"status": e.status_code, "param": e.param}
        print(json.dumps(out))
        """

    @Test(arguments: EngineUnderTest.allCases)
    func officialClientWorks(_ kind: EngineUnderTest) async throws {
        let engine = try await kind.make()
        let model = engine.modelID
        let output = try await withNode(engine, .live) { client in
            let port = try #require(client.port)
            return try await blocking {
                try PythonPackages.run(script: Self.script, arguments: ["http://127.0.0.1:\(port)/v1", model], requirements: [PythonPackages.openai])
            }
        }
        let json = try JSON(Array(output.utf8))
        #expect(json["models"][0].string == model)

        let chat = json["chat"]
        #expect(chat["id"].string?.hasPrefix("chatcmpl-") == true)
        #expect(chat["object"].string == "chat.completion")
        #expect(chat["role"].string == "assistant")
        #expect(!(chat["content"].string ?? "").isEmpty)
        #expect(chat["completion_tokens"].int ?? 0 > 0)
        #expect(chat["prompt_tokens"].int ?? 0 > 0)

        let stream = json["stream"]
        #expect(stream["content"].string == chat["content"].string, "greedy: streamed and whole answers agree")
        #expect(stream["pieces"].int ?? 0 > 1, "streamed in pieces, not in one chunk")
        #expect(stream["finish"].string == chat["finish"].string)
        #expect(stream["completion_tokens"].int == chat["completion_tokens"].int)
        #expect(stream["ids"].int == 1)

        let completion = json["completion"]
        #expect(completion["object"].string == "text_completion")
        #expect(completion["finish"].string == "length")
        #expect(completion["completion_tokens"].int == 6)

        let stopped = json["stopped"]
        let full = try #require(completion["text"].string)
        let stop = try #require(stopped["stop"].string)
        let cut = try #require(full.range(of: stop))
        #expect(stopped["text"].string == String(full[..<cut.lowerBound]))
        #expect(stopped["finish"].string == "stop")

        #expect(json["not_found"]["status"].int == 404)
        #expect(json["not_found"]["code"].string == "model_not_found")
        #expect(json["bad_request"]["status"].int == 400)
        #expect(json["bad_request"]["param"].string == "n")
    }
}
