import Foundation
import Testing
import TestSupport
@testable import Inference

/// The engine end to end: scheduling, batching, stop handling, limits and cancellation.
@Suite(.serialized)
struct LocalEngineTests {
    static let engine = Result { try LocalEngine(modelPath: try DefaultModelFixture.path(), configuration: .init(threads: 2, maxBatch: 8, queueCapacity: 8)) }

    func collect(_ engine: LocalEngine, _ request: GenerationRequest) async throws -> (text: String, finish: FinishReason, usage: TokenUsage) {
        var text = ""
        var finish: (FinishReason, TokenUsage)?
        for try await event in try await engine.generate(request) {
            switch event {
            case .text(let t):
                #expect(finish == nil, "text after .finished")
                text += t
            case .finished(let r, let u): finish = (r, u)
            }
        }
        let done = try #require(finish)
        return (text, done.0, done.1)
    }

    static func chat(_ content: String, max: Int = 24) -> GenerationRequest {
        GenerationRequest(prompt: .chat([ChatMessage(role: "user", content: content)]), maxTokens: max, sampling: .init(temperature: 0))
    }

    @Test func greedyChatMatchesTheLlamaCppReference() async throws {
        let engine = try Self.engine.get()
        let (prompt, expected) = try LlamaModelTests.reference()
        // The template's generation prompt ends in "\n" (198); the reference prompt stops before
        // it and llama.cpp's first greedy token is that "\n". Both paths are the same tokens.
        #expect(expected.first == 198)
        #expect(try engine.tokenize(.chat([ChatMessage(role: "user", content: "Write one sentence about cats.")])) == prompt + [198])
        let result = try await collect(engine, Self.chat("Write one sentence about cats.", max: 100))
        #expect(result.text == engine.tokenizer.decode(Array(expected.dropFirst().dropLast())))
        #expect(result.finish == .stop)
        #expect(result.usage == TokenUsage(promptTokens: prompt.count + 1, completionTokens: expected.count - 2))
    }

    @Test func concurrentRequestsGetTheSameTokensAsAlone() async throws {
        let engine = try Self.engine.get()
        let prompts = ["Name a colour.", "What is 2+2?", "Say hello in French.", "Write a haiku about rain.", "List three fruits."]
        var alone: [String] = []
        for p in prompts { alone.append(try await collect(engine, Self.chat(p)).text) }
        let together = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (i, p) in prompts.enumerated() { group.addTask { (i, try await collect(engine, Self.chat(p)).text) } }
            var out = [String](repeating: "", count: prompts.count)
            for try await (i, t) in group { out[i] = t }
            return out
        }
        #expect(together == alone)
        #expect(Set(alone).count > 1, "different prompts should give different completions")
    }

    @Test func maxTokensEndsWithLength() async throws {
        let engine = try Self.engine.get()
        let result = try await collect(engine, Self.chat("Tell me a long story about a dragon.", max: 5))
        #expect(result.finish == .length)
        #expect(result.usage.completionTokens == 5)
        #expect(!result.text.isEmpty)
    }

    @Test func stopSequenceCutsTheText() async throws {
        let engine = try Self.engine.get()
        let full = try await collect(engine, Self.chat("Write one sentence about cats.", max: 40)).text
        let words = full.split(separator: " ")
        try #require(words.count > 3)
        let stop = String(words[2])
        var request = Self.chat("Write one sentence about cats.", max: 40)
        request.stop = [stop]
        let cut = try await collect(engine, request)
        #expect(cut.finish == .stop)
        #expect(!cut.text.contains(stop))
        #expect(full.hasPrefix(cut.text))
        #expect(cut.text.count < full.count)
    }

    @Test func seededSamplingRepeats() async throws {
        let engine = try Self.engine.get()
        var request = Self.chat("Invent a name for a cat.", max: 12)
        request.sampling = SamplingParameters(temperature: 1.2, topP: 0.95, seed: 1234)
        let a = try await collect(engine, request).text
        let b = try await collect(engine, request).text
        #expect(a == b)
    }

    @Test func promptsThatCannotFitAreRefused() async throws {
        let small = try LocalEngine(modelPath: try DefaultModelFixture.path(), configuration: .init(threads: 1, maxBatch: 1, contextLength: 32))
        await #expect(throws: InferenceError.self) {
            _ = try await small.generate(GenerationRequest(prompt: .text(String(repeating: "word ", count: 40)), maxTokens: 4))
        }
        await #expect(throws: InferenceError.invalidParameter(name: "max_tokens", reason: "must be at least 1, got 0")) {
            _ = try await small.generate(GenerationRequest(prompt: .text("hi"), maxTokens: 0))
        }
        await #expect(throws: InferenceError.self) {
            _ = try await small.generate(GenerationRequest(prompt: .text("hi"), maxTokens: 4, sampling: .init(temperature: -1)))
        }
    }

    @Test func aFullQueueRefusesAndCancellationFreesTheSlot() async throws {
        let engine = try LocalEngine(modelPath: try DefaultModelFixture.path(), configuration: .init(threads: 1, maxBatch: 1, queueCapacity: 1))
        let long = GenerationRequest(prompt: .text("Once upon a time"), maxTokens: 4000, sampling: .init(temperature: 0.8, seed: 1))
        let first = try await engine.generate(long)
        // Consume the first one until it runs, so the second one waits in the queue.
        let (started, signal) = AsyncStream<Void>.makeStream()
        let consumer = Task {
            for try await _ in first { signal.yield() }
        }
        for await _ in started { break }
        let second = try await engine.generate(long)
        await #expect(throws: InferenceError.queueFull(capacity: 1)) { _ = try await engine.generate(long) }
        // Cancelling the consumer (a client going away) frees the slot for the queued one.
        consumer.cancel()
        var secondIterator = second.makeAsyncIterator()
        let event = try await secondIterator.next()
        #expect(event != nil)
    }
}
