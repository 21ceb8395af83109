import Inference
import Synchronization

/// Test double: an `InferenceEngine` that plays a fixed script instead of running a model, for
/// the HTTP layer's own behaviour (framing, error mapping, cancellation). Real generation is
/// tested against llama.cpp in the end-to-end tests.
final class ScriptedEngine: InferenceEngine {
    enum Script: Sendable {
        /// Yields these events, then ends.
        case events([GenerationEvent])
        /// Refuses the request before any token.
        case refuse(InferenceError)
        /// Yields these events, then fails.
        case fail(after: [GenerationEvent], InferenceError)
        /// Yields these events, then never finishes; only cancellation ends it.
        case hang(after: [GenerationEvent])
    }

    let modelID = "scripted-model"
    let contextLength = 128
    let script: Script
    private let received = Mutex<[GenerationRequest]>([])
    private let cancelledSource: AsyncStream<Void>.Continuation
    /// Yields once each time a consumer cancels a generation (its stream is dropped).
    let cancellations: AsyncStream<Void>

    init(_ script: Script) {
        self.script = script
        (cancellations, cancelledSource) = AsyncStream.makeStream(of: Void.self)
    }

    /// Every request the node passed on, in order.
    var requests: [GenerationRequest] { received.withLock { $0 } }

    func generate(_ request: GenerationRequest) async throws -> AsyncThrowingStream<GenerationEvent, any Error> {
        received.withLock { $0.append(request) }
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: GenerationEvent.self, throwing: (any Error).self)
        let cancelled = cancelledSource
        continuation.onTermination = { termination in
            if case .cancelled = termination { cancelled.yield() }
        }
        switch script {
        case .events(let events):
            events.forEach { continuation.yield($0) }
            continuation.finish()
        case .refuse(let error):
            throw error
        case .fail(let events, let error):
            events.forEach { continuation.yield($0) }
            continuation.finish(throwing: error)
        case .hang(let events):
            events.forEach { continuation.yield($0) }
        }
        return stream
    }

    /// A short completion: "Hello", ", world", then `stop` with 3 prompt and 2 completion tokens.
    static let hello: [GenerationEvent] = [
        .text("Hello"), .text(", world"), .finished(.stop, TokenUsage(promptTokens: 3, completionTokens: 2)),
    ]
}
