import Hummingbird
import HummingbirdTesting
import Inference
import Testing

/// Non-streamed responses must have OpenAI's exact shapes: clients decode them strictly.
@Suite struct CompletionShapeTests {
    @Test func chatCompletionHasOpenAIShape() async throws {
        let engine = ScriptedEngine(.events(ScriptedEngine.hello))
        try await withNode(engine) { client in
            let response = try await client.post("/v1/chat/completions", #"{"model":"scripted-model","messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let json = try JSON(response.body)
            #expect(json.keys == ["id", "object", "created", "model", "model_hash", "choices", "usage"])
            #expect(json["model_hash"].string == String(repeating: "0", count: 64), "a node without a model identity names it as unidentified")
            #expect(json["id"].string?.hasPrefix("chatcmpl-") == true)
            #expect(json["object"].string == "chat.completion")
            #expect(json["model"].string == "scripted-model")
            #expect((json["created"].int ?? 0) > 1_700_000_000)
            let choice = json["choices"][0]
            #expect(choice.keys == ["index", "message", "logprobs", "finish_reason"])
            #expect(choice["index"].int == 0)
            #expect(choice["logprobs"].isNull)
            #expect(choice["message"]["role"].string == "assistant")
            #expect(choice["message"]["content"].string == "Hello, world")
            #expect(choice["finish_reason"].string == "stop")
            #expect(json["usage"]["prompt_tokens"].int == 3)
            #expect(json["usage"]["completion_tokens"].int == 2)
            #expect(json["usage"]["total_tokens"].int == 5)
        }
    }

    @Test func textCompletionHasOpenAIShape() async throws {
        let engine = ScriptedEngine(.events([.text("Paris"), .finished(.length, TokenUsage(promptTokens: 5, completionTokens: 1))]))
        try await withNode(engine) { client in
            let response = try await client.post("/v1/completions", #"{"model":"scripted-model","prompt":"The capital of France is","max_tokens":1}"#)
            #expect(response.status == .ok)
            let json = try JSON(response.body)
            #expect(json["id"].string?.hasPrefix("cmpl-") == true)
            #expect(json["object"].string == "text_completion")
            let choice = json["choices"][0]
            #expect(choice.keys == ["text", "index", "logprobs", "finish_reason"])
            #expect(choice["text"].string == "Paris")
            #expect(choice["finish_reason"].string == "length")
            #expect(json["usage"]["total_tokens"].int == 6)
        }
    }

    @Test func idsAreUniquePerCompletion() async throws {
        let engine = ScriptedEngine(.events(ScriptedEngine.hello))
        try await withNode(engine) { client in
            let body = #"{"model":"scripted-model","messages":[{"role":"user","content":"Hi"}]}"#
            let first = try JSON(try await client.post("/v1/chat/completions", body).body)["id"].string
            let second = try JSON(try await client.post("/v1/chat/completions", body).body)["id"].string
            #expect(first != nil && first != second)
        }
    }
}
