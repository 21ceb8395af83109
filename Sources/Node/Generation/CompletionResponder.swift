import Hummingbird
import Inference

/// Runs one validated completion on the engine and answers it, streamed or whole.
///
/// The engine's stream is always consumed inside `consumeWithCancellationOnInboundClose`:
/// when the client goes away the consuming task is cancelled, which ends the engine's stream
/// and frees its slot instead of generating for nobody.
struct CompletionResponder: Sendable {
    let engine: any InferenceEngine
    let metrics: NodeMetrics

    func respond(to call: CompletionCall, request: Request, start: ContinuousClock.Instant) async throws -> Response {
        // Refusals (queue full, context exceeded, backend down) surface here, before any byte
        // is sent, so they keep their own status code.
        let events = try await engine.generate(call.generation)
        let envelope = CompletionEnvelope(kind: call.kind, model: engine.modelID)
        return call.stream
            ? streamed(call, events, envelope, request: request, start: start)
            : try await whole(events, envelope, request: request, start: start)
    }

    private func whole(
        _ events: AsyncThrowingStream<GenerationEvent, any Error>,
        _ envelope: CompletionEnvelope,
        request: Request,
        start: ContinuousClock.Instant
    ) async throws -> Response {
        let metrics = self.metrics
        let (text, reason, usage) = try await request.body.consumeWithCancellationOnInboundClose { _ in
            var timer = TokenTimer(metrics: metrics, start: start)
            var text = ""
            for try await event in events {
                switch event {
                case .text(let piece):
                    timer.tick()
                    text += piece
                case .finished(let reason, let usage):
                    metrics.countTokens(usage)
                    return (text, reason, usage)
                }
            }
            try Task.checkCancellation()
            throw APIError.internalError("the engine ended the generation without finishing it")
        }
        let body = envelope.completion(text, reason, usage)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", .contentLength: "\(body.readableBytes)"],
            body: .init(byteBuffer: body)
        )
    }

    private func streamed(
        _ call: CompletionCall,
        _ events: AsyncThrowingStream<GenerationEvent, any Error>,
        _ envelope: CompletionEnvelope,
        request: Request,
        start: ContinuousClock.Instant
    ) -> Response {
        let metrics = self.metrics
        let includeUsage = call.includeUsage
        return Response(status: .ok, headers: ServerSentEvents.headers, body: .init { writer in
            try await request.body.consumeWithCancellationOnInboundClose { _ in
                var timer = TokenTimer(metrics: metrics, start: start)
                if let opening = envelope.openingChunk() {
                    try await writer.write(ServerSentEvents.event(opening))
                }
                do {
                    var finished = false
                    for try await event in events {
                        switch event {
                        case .text(let piece):
                            timer.tick()
                            try await writer.write(ServerSentEvents.event(envelope.textChunk(piece)))
                        case .finished(let reason, let usage):
                            metrics.countTokens(usage)
                            var tail = ServerSentEvents.event(envelope.finalChunk(reason))
                            if includeUsage {
                                var usageEvent = ServerSentEvents.event(envelope.usageChunk(usage))
                                tail.writeBuffer(&usageEvent)
                            }
                            try await writer.write(tail)
                            finished = true
                        }
                    }
                    try Task.checkCancellation()
                    guard finished else { throw APIError.internalError("the engine ended the generation without finishing it") }
                    try await writer.write(ServerSentEvents.done)
                } catch let error as CancellationError {
                    throw error
                } catch {
                    // The status line is gone already: report the failure the way OpenAI
                    // does mid-stream, as an error event, and end without [DONE].
                    let apiError = (error as? APIError) ?? (error as? InferenceError).map(APIError.init)
                        ?? .internalError("the generation failed: \(error)")
                    try await writer.write(ServerSentEvents.event(ResponseJSON.encode(apiError.body)))
                }
            }
            try await writer.finish(nil)
        })
    }
}
