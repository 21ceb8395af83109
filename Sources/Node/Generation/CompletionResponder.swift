import Crypto
import Hummingbird
import Inference

/// Runs one validated completion on the engine and answers it, streamed or whole, naming the
/// model (`model_hash`) in every piece and signing what was sent (DESIGN.md, Wire decisions):
/// whole responses carry the signature in `X-DCML-*` headers; streams are signed over every
/// byte once they end, and both are kept for `GET /v1/signature/{id}`.
///
/// The engine's stream is always consumed inside `consumeWithCancellationOnInboundClose`:
/// when the client goes away the consuming task is cancelled, which ends the engine's stream
/// and frees its slot instead of generating for nobody.
struct CompletionResponder: Sendable {
    let engine: any InferenceEngine
    let metrics: NodeMetrics
    let signing: ResponseSigning
    /// The channel reservation a paid request holds: settled with the actual token counts once
    /// the generation finishes (whole responses then carry the channel's new cumulative spent in
    /// `X-DCML-Channel-Spent`, streams in their usage chunk's `dcml_channel_spent`), released or
    /// charged its maximum if it does not finish.
    var charge: PaidCompletion? = nil

    func respond(to call: CompletionCall, request: Request, start: ContinuousClock.Instant) async throws -> Response {
        // Refusals (queue full, context exceeded, backend down) surface here, before any byte
        // is sent, so they keep their own status code.
        // One snapshot: the engine that generates and the modelH the response names stay a pair
        // even if `load_model` swaps the model meanwhile.
        let model = (engine as? ModelSlot)?.snapshot() ?? ModelSlot.Snapshot(engine: engine, modelHash: .unidentified)
        let events: AsyncThrowingStream<GenerationEvent, any Error>
        do { events = try await model.engine.generate(call.generation) } catch {
            await charge?.abandon(after: error)
            throw error
        }
        let envelope = CompletionEnvelope(kind: call.kind, model: model.engine.modelID, modelHash: model.modelHash.hex)
        return call.stream
            ? streamed(call, events, envelope, request: request, start: start)
            : try await whole(call, events, envelope, request: request, start: start)
    }

    private func whole(
        _ call: CompletionCall,
        _ events: AsyncThrowingStream<GenerationEvent, any Error>,
        _ envelope: CompletionEnvelope,
        request: Request,
        start: ContinuousClock.Instant
    ) async throws -> Response {
        let metrics = self.metrics
        let generated: (String, FinishReason, TokenUsage)
        do {
            generated = try await request.body.consumeWithCancellationOnInboundClose { _ in
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
        } catch {
            await charge?.abandon(after: error)
            throw error
        }
        let (text, reason, usage) = generated
        let spent = try await charge?.settle(usage)
        let body = envelope.completion(text, reason, usage)
        let signed = signing.sign(id: envelope.id, modelHash: envelope.modelHash, request: call.rawBody,
                                  responseSHA256: ResponseSigning.sha256(body))
        var headers: HTTPFields = [.contentType: "application/json", .contentLength: "\(body.readableBytes)"]
        headers.append(contentsOf: ResponseSigning.headers(signed, modelHash: envelope.modelHash))
        if let spent { headers[PaidCompletion.spentField] = "\(spent)" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
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
        let signing = self.signing
        let charge = self.charge
        var headers = ServerSentEvents.headers
        headers[FieldName(SignedResponse.Header.modelHash)!] = envelope.modelHash
        return Response(status: .ok, headers: headers, body: .init { plainWriter in
            var writer = HashingBodyWriter(plainWriter)
            try await request.body.consumeWithCancellationOnInboundClose { _ in
                var timer = TokenTimer(metrics: metrics, start: start)
                if let opening = envelope.openingChunk() {
                    try await writer.write(ServerSentEvents.event(opening))
                }
                var finished = false
                do {
                    for try await event in events {
                        switch event {
                        case .text(let piece):
                            timer.tick()
                            try await writer.write(ServerSentEvents.event(envelope.textChunk(piece)))
                        case .finished(let reason, let usage):
                            metrics.countTokens(usage)
                            // Charged before the last chunk goes out; the payer reads the usage.
                            let spent = try await charge?.settle(usage)
                            var tail = ServerSentEvents.event(envelope.finalChunk(reason))
                            if includeUsage {
                                var usageEvent = ServerSentEvents.event(envelope.usageChunk(usage, channelSpent: spent))
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
                    if !finished { await charge?.abandon(after: error) }
                    throw error
                } catch {
                    if !finished { await charge?.abandon(after: error) }
                    // The status line is gone already: report the failure the way OpenAI
                    // does mid-stream, as an error event, and end without [DONE].
                    let apiError = (error as? APIError) ?? (error as? InferenceError).map(APIError.init)
                        ?? .internalError("the generation failed: \(error)")
                    try await writer.write(ServerSentEvents.event(ResponseJSON.encode(apiError.body)))
                }
            }
            // Signed over every byte sent, error event included; fetched by id once the stream ends.
            signing.sign(id: envelope.id, modelHash: envelope.modelHash, request: call.rawBody, responseSHA256: writer.digest)
            try await writer.finish(nil)
        })
    }
}
