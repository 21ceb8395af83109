import Foundation
import Inference
import Testing

/// The backend engine against a real llama.cpp server (xllamacpp, the default model).
@Suite struct OpenAIBackendEngineTests {
    private func engine() async throws -> OpenAIBackendEngine {
        try await OpenAIBackendEngine.connect(.init(baseURL: LlamaServer.shared().baseURL + "/v1/"))
    }

    private func run(_ engine: some InferenceEngine, _ request: GenerationRequest) async throws -> (texts: [String], end: GenerationEvent?) {
        var texts: [String] = []
        var end: GenerationEvent?
        for try await event in try await engine.generate(request) {
            #expect(end == nil, "nothing may follow .finished")
            switch event {
            case .text(let text): texts.append(text)
            case .finished: end = event
            }
        }
        return (texts, end)
    }

    @Test func connectDiscoversTheModelAndItsContext() async throws {
        let engine = try await engine()
        #expect(engine.modelID.hasSuffix(".gguf"))
        #expect(engine.contextLength == LlamaServer.contextLength)
        let renamed = try await OpenAIBackendEngine.connect(.init(baseURL: LlamaServer.shared().baseURL, modelID: "smollm2"))
        #expect(renamed.modelID == "smollm2")
        #expect(renamed.upstreamModel == engine.modelID)
    }

    @Test func chatStreamsChunksThenFinishes() async throws {
        let request = GenerationRequest(prompt: .chat([ChatMessage(role: "user", content: "Count from one to ten.")]),
                                        maxTokens: 6, sampling: .init(temperature: 0))
        let (texts, end) = try await run(try await engine(), request)
        #expect(!texts.isEmpty && texts.allSatisfy { !$0.isEmpty })
        guard case .finished(let reason, let usage) = end else { Issue.record("no .finished"); return }
        #expect(reason == .length)
        #expect(usage.completionTokens == 6)
        #expect(usage.promptTokens > 5)
    }

    @Test func textCompletionFinishes() async throws {
        let request = GenerationRequest(prompt: .text("The capital of France is"), maxTokens: 4, sampling: .init(temperature: 0))
        let (texts, end) = try await run(try await engine(), request)
        #expect(!texts.joined().isEmpty)
        guard case .finished(let reason, let usage) = end else { Issue.record("no .finished"); return }
        #expect(reason == .length)
        #expect(usage.completionTokens == 4)
    }

    @Test func stopSequenceEndsTheCompletionBeforeIt() async throws {
        let engine = try await engine()
        let prompt = GenerationPrompt.text("One, two, three, four, five, six,")
        let free = try await run(engine, GenerationRequest(prompt: prompt, maxTokens: 12, sampling: .init(temperature: 0))).texts.joined()
        // Stop at a piece of the greedy continuation: the same greedy run must end right before it.
        let stop = String(free.dropFirst(free.count / 2).prefix(3))
        let cut = try #require(free.range(of: stop))
        let expected = String(free[..<cut.lowerBound])
        let (texts, end) = try await run(engine, GenerationRequest(prompt: prompt, maxTokens: 12, sampling: .init(temperature: 0), stop: [stop]))
        #expect(texts.joined() == expected)
        guard case .finished(let reason, _) = end else { Issue.record("no .finished"); return }
        #expect(reason == .stop)
    }

    @Test func promptBeyondTheContextIsContextExceeded() async throws {
        let long = String(repeating: "word ", count: LlamaServer.contextLength + 100)
        await #expect {
            _ = try await engine().generate(GenerationRequest(prompt: .text(long), maxTokens: 4))
        } throws: { error in
            guard case .contextExceeded(let prompt, _, let context) = error as? InferenceError else { return false }
            return prompt > LlamaServer.contextLength && context == LlamaServer.contextLength
        }
    }

    @Test func unreachableBackendIsABackendError() async throws {
        let closed = OpenAIBackendEngine(configuration: .init(baseURL: "http://127.0.0.1:1"), upstreamModel: "m", contextLength: 64)
        await #expect {
            _ = try await closed.generate(GenerationRequest(prompt: .text("x"), maxTokens: 1))
        } throws: { error in
            guard case .backend(let status, _) = error as? InferenceError else { return false }
            return status == 502
        }
        await #expect {
            _ = try await OpenAIBackendEngine.connect(.init(baseURL: "http://127.0.0.1:1"))
        } throws: { error in
            guard case .backend = error as? InferenceError else { return false }
            return true
        }
    }
}
