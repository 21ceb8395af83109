import AsyncHTTPClient
import Hummingbird
import HummingbirdTesting
import Inference
import NIOCore
import Testing

/// Behaviour that needs a real socket: a client that goes away, a body without a length.
@Suite struct LiveConnectionTests {
    @Test func clientDisconnectCancelsTheGeneration() async throws {
        let engine = ScriptedEngine(.hang(after: [.text("first")]))
        try await withNode(engine, .live) { client in
            let port = try #require(client.port)
            let (firstChunk, firstChunkSeen) = AsyncStream.makeStream(of: Void.self)
            let reader = Task {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
                request.method = .POST
                request.body = .bytes(ByteBuffer(string: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"stream":true}"#))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                for try await buffer in response.body where String(buffer: buffer).contains("first") {
                    firstChunkSeen.yield()
                }
            }
            for await _ in firstChunk { break }
            // The client goes away mid-stream: the engine's stream must be cancelled.
            reader.cancel()
            var cancellations = engine.cancellations.makeAsyncIterator()
            #expect(await cancellations.next() != nil)
            _ = await reader.result
        }
    }

    @Test func chunkedBodyOverTheLimitIs413WhileReading() async throws {
        try await withNode(ScriptedEngine(.events(ScriptedEngine.hello)), maxBodyBytes: 2048, .live) { client in
            let port = try #require(client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/completions")
            request.method = .POST
            // No Content-Length: the node only finds out by counting.
            let parts = (0..<64).map { _ in ByteBuffer(string: String(repeating: "a", count: 1024)) }
            request.body = .stream(parts.async, length: .unknown)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            #expect(response.status.code == 413)
            let body = try await response.body.collect(upTo: 1 << 16)
            #expect(try JSON(body)["error"]["code"].string == "request_too_large")
        }
    }
}

extension Array where Element: Sendable {
    /// The elements as an async sequence (a streamed request body for AsyncHTTPClient).
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            forEach { continuation.yield($0) }
            continuation.finish()
        }
    }
}
