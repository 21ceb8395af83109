import Hummingbird
import HummingbirdTesting
import Inference
import Testing

/// SSE framing as OpenAI clients parse it: `data: {...}\n\n` per chunk, `data: [DONE]\n\n` last.
@Suite struct StreamingTests {
    let chat = #"{"model":"scripted-model","messages":[{"role":"user","content":"Hi"}],"stream":true}"#

    @Test func chatStreamIsFramedLikeOpenAI() async throws {
        let engine = ScriptedEngine(.events(ScriptedEngine.hello))
        try await withNode(engine) { [chat] client in
            let response = try await client.post("/v1/chat/completions", chat)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream")
            let chunks = try SSE.chunks(response.body)
            #expect(chunks.count == 4)
            let id = chunks[0]["id"].string
            #expect(id?.hasPrefix("chatcmpl-") == true)
            for chunk in chunks {
                #expect(chunk["id"].string == id)
                #expect(chunk["object"].string == "chat.completion.chunk")
                #expect(chunk["model"].string == "scripted-model")
                #expect(!chunk["usage"].exists, "usage only when stream_options.include_usage asks for it")
                #expect(chunk["choices"][0].keys == ["index", "delta", "logprobs", "finish_reason"])
            }
            #expect(chunks[0]["choices"][0]["delta"]["role"].string == "assistant")
            #expect(chunks[1]["choices"][0]["delta"]["content"].string == "Hello")
            #expect(chunks[1]["choices"][0]["finish_reason"].isNull)
            #expect(chunks[2]["choices"][0]["delta"]["content"].string == ", world")
            #expect(chunks[3]["choices"][0]["delta"].keys == [])
            #expect(chunks[3]["choices"][0]["finish_reason"].string == "stop")
        }
    }

    @Test func includeUsageAddsAFinalChunkWithoutChoices() async throws {
        let engine = ScriptedEngine(.events(ScriptedEngine.hello))
        let body = #"{"model":"scripted-model","messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"include_usage":true}}"#
        try await withNode(engine) { client in
            let chunks = try SSE.chunks(try await client.post("/v1/chat/completions", body).body)
            #expect(chunks.count == 5)
            let last = try #require(chunks.last)
            #expect(last["choices"].array?.isEmpty == true)
            #expect(last["usage"]["prompt_tokens"].int == 3)
            #expect(last["usage"]["completion_tokens"].int == 2)
            #expect(last["usage"]["total_tokens"].int == 5)
            #expect(chunks.dropLast().allSatisfy { !$0["usage"].exists })
        }
    }

    @Test func textStreamCarriesTextAndFinishReason() async throws {
        let engine = ScriptedEngine(.events(ScriptedEngine.hello))
        let body = #"{"model":"scripted-model","prompt":"Hi","stream":true,"stream_options":{"include_usage":true}}"#
        try await withNode(engine) { client in
            let chunks = try SSE.chunks(try await client.post("/v1/completions", body).body)
            #expect(chunks.map { $0["object"].string } == Array(repeating: "text_completion", count: 4))
            #expect(chunks[0]["id"].string?.hasPrefix("cmpl-") == true)
            #expect(chunks[0]["choices"][0]["text"].string == "Hello")
            #expect(chunks[1]["choices"][0]["text"].string == ", world")
            #expect(chunks[2]["choices"][0]["text"].string == "")
            #expect(chunks[2]["choices"][0]["finish_reason"].string == "stop")
            #expect(chunks[3]["choices"].array?.isEmpty == true)
            #expect(chunks[3]["usage"]["total_tokens"].int == 5)
        }
    }

    @Test func failureMidStreamIsAnErrorEventWithoutDone() async throws {
        let engine = ScriptedEngine(.fail(after: [.text("Hel")], .backend(status: 502, message: "upstream died")))
        try await withNode(engine) { [chat] client in
            let response = try await client.post("/v1/chat/completions", chat)
            #expect(response.status == .ok)
            let events = try SSE.events(response.body)
            #expect(events.last != "[DONE]")
            let error = try JSON(Array(try #require(events.last).utf8))["error"]
            #expect(error["type"].string == "server_error")
            #expect(error["message"].string?.contains("upstream died") == true)
        }
    }
}
