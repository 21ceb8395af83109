import AsyncHTTPClient
import Foundation
import NIOCore

/// Moves an upstream SSE body into the engine's event stream: every upstream chunk becomes one
/// `.text` event the moment its bytes arrive (no batching, so the node adds almost nothing to
/// the time to first token), then exactly one `.finished`.
enum UpstreamRelay {
    static func relay(_ body: HTTPClientResponse.Body, to continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation) async {
        var parser = ServerSentEventParser()
        var state = State()
        let decoder = JSONDecoder()
        var finished = false
        do {
            for try await buffer in body {
                // After [DONE] the rest is drained, not dropped, so the connection goes back
                // to the pool instead of being closed.
                guard !finished else { continue }
                for payload in parser.feed(buffer) {
                    if payload.elementsEqual("[DONE]".utf8) {
                        continuation.yield(.finished(try state.finish(), state.usage))
                        continuation.finish()
                        finished = true
                        break
                    }
                    let chunk: UpstreamChunk
                    do {
                        chunk = try decoder.decode(UpstreamChunk.self, from: Data(payload))
                    } catch {
                        throw InferenceError.backend(status: 502, message: "the backend sent a stream chunk that is not an OpenAI chunk: \(error)")
                    }
                    if let event = try state.apply(chunk) { continuation.yield(event) }
                }
            }
            if !finished {
                continuation.yield(.finished(try state.finish(), state.usage))
                continuation.finish()
            }
        } catch is CancellationError {
            continuation.finish(throwing: CancellationError())
        } catch let error as InferenceError {
            continuation.finish(throwing: error)
        } catch {
            if Task.isCancelled {
                continuation.finish(throwing: CancellationError())
            } else {
                continuation.finish(throwing: InferenceError.backend(status: 502, message: "the backend stream failed: \(error)"))
            }
        }
    }

    /// What the stream has said so far about how it ends.
    struct State {
        var finishReason: FinishReason?
        var upstreamUsage: TokenUsage?
        var textEvents = 0

        /// The backend's counts; without them, one token per chunk is the best estimate.
        var usage: TokenUsage { upstreamUsage ?? TokenUsage(promptTokens: 0, completionTokens: textEvents) }

        mutating func apply(_ chunk: UpstreamChunk) throws -> GenerationEvent? {
            if let error = chunk.error {
                throw InferenceError.backend(status: 502, message: "the backend failed mid-stream: \(error.message ?? "no message")")
            }
            if let usage = chunk.usage {
                upstreamUsage = TokenUsage(promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens)
            }
            guard let choice = chunk.choices?.first else { return nil }
            if let reason = choice.finish_reason { finishReason = FinishReason(upstream: reason) }
            guard let text = choice.content, !text.isEmpty else { return nil }
            textEvents += 1
            return .text(text)
        }

        func finish() throws -> FinishReason {
            guard let finishReason else {
                throw InferenceError.backend(status: 502, message: "the backend closed the stream before it finished (no finish_reason)")
            }
            return finishReason
        }
    }
}
