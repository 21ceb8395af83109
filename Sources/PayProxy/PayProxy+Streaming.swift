import DCMLClient
import Foundation
import Hummingbird
import NIOCore

extension PayProxy {
    /// A `stream: true` request: paid and checked by the session as it streams, its events passed
    /// on as they arrive. The response starts only once the node has started streaming, so a
    /// refusal (402, 401, a bad request) still reaches the client with its own status; a failure
    /// after that ends the stream with an error event and no `[DONE]`, as OpenAI's do.
    func streamed(_ body: [UInt8]) async throws -> Response {
        let (events, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let start = StreamStart()
        let session = self.session
        let defaultMaxTokens = self.defaultMaxTokens
        Task {
            do {
                _ = try await session.stream(chatRequest: body, defaultMaxTokens: defaultMaxTokens) { event in
                    await start.resolve(nil)
                    continuation.yield(event)
                }
                continuation.finish()
            } catch {
                await start.resolve(error)
                continuation.finish(throwing: error)
            }
        }
        try await start.wait()
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: .init { writer in
            do {
                for try await event in events {
                    try await writer.write(ByteBuffer(bytes: event + Array("\n\n".utf8)))
                }
                try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
            } catch {
                let failure: [String: Any] = ["error": ["message": "\(error)", "type": "server_error", "param": NSNull(), "code": "stream_failed"]]
                let json = (try? JSONSerialization.data(withJSONObject: failure)) ?? Data()
                try await writer.write(ByteBuffer(bytes: Array("data: ".utf8) + Array(json) + Array("\n\n".utf8)))
            }
            try await writer.finish(nil)
        })
    }
}

/// Whether a paid stream got going: its first event, or the error that ended it before one.
private actor StreamStart {
    private var outcome: Result<Void, any Error>?
    private var waiting: [CheckedContinuation<Void, any Error>] = []

    /// The first call decides: nil once an event arrived, else the error.
    func resolve(_ error: (any Error)?) {
        guard outcome == nil else { return }
        let result: Result<Void, any Error> = error.map { .failure($0) } ?? .success(())
        outcome = result
        for waiter in waiting { waiter.resume(with: result) }
        waiting = []
    }

    func wait() async throws {
        if let outcome { return try outcome.get() }
        try await withCheckedThrowingContinuation { waiting.append($0) }
    }
}
