import Hummingbird
import HummingbirdTesting
import Inference
import Testing

/// What the engine receives for each OpenAI field.
@Suite struct RequestMappingTests {
    private func sent(_ route: String, _ body: String) async throws -> GenerationRequest {
        let engine = ScriptedEngine(.events(ScriptedEngine.hello))
        try await withNode(engine) { client in
            let response = try await client.post(route, body)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
        }
        return try #require(engine.requests.first)
    }

    @Test func chatFieldsReachTheEngine() async throws {
        let request = try await sent("/v1/chat/completions", """
            {"model":"scripted-model","messages":[
              {"role":"developer","content":"Be brief."},
              {"role":"user","content":[{"type":"text","text":"Hello "},{"type":"text","text":"there"}]},
              {"role":"assistant","content":null}],
             "max_tokens":12,"temperature":0,"top_p":0.5,"seed":-1,"stop":"\\n\\n","unknown_field":{"ignored":true}}
            """)
        #expect(request.prompt == .chat([
            ChatMessage(role: "system", content: "Be brief."),
            ChatMessage(role: "user", content: "Hello there"),
            ChatMessage(role: "assistant", content: ""),
        ]))
        #expect(request.maxTokens == 12)
        #expect(request.sampling.temperature == 0)
        #expect(request.sampling.topP == 0.5)
        #expect(request.sampling.seed == UInt64.max)
        #expect(request.stop == ["\n\n"])
    }

    @Test func stopArrayAndMaxCompletionTokens() async throws {
        let request = try await sent("/v1/chat/completions", """
            {"model":"scripted-model","messages":[{"role":"user","content":"x"}],
             "stop":["END","", "###"],"max_tokens":5,"max_completion_tokens":7}
            """)
        #expect(request.stop == ["END", "###"], "empty stop strings would end every completion at once")
        #expect(request.maxTokens == 7, "max_completion_tokens supersedes max_tokens")
    }

    @Test func defaultsAreOpenAIs() async throws {
        let request = try await sent("/v1/completions", #"{"model":"scripted-model","prompt":["Once"]}"#)
        #expect(request.prompt == .text("Once"))
        #expect(request.maxTokens == nil)
        #expect(request.sampling == SamplingParameters())
        #expect(request.stop == [])
        #expect(request.ignoreEndOfTurn == false)
    }

    @Test func tokenPromptsAndIgnoreEOS() async throws {
        let request = try await sent("/v1/completions", #"{"model":"scripted-model","prompt":[1,2,3],"ignore_eos":true}"#)
        #expect(request.prompt == .tokens([1, 2, 3]))
        #expect(request.ignoreEndOfTurn)
    }
}
