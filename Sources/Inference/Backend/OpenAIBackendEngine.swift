import AsyncHTTPClient
import Foundation
import NIOCore

/// Serves completions by forwarding them to an OpenAI-compatible server (vLLM, llama.cpp
/// server), the way production nodes use a GPU inference server inside the CVM.
///
/// Every request goes upstream with `stream: true`, whatever the client asked for, so the node
/// sees each token as soon as the backend produces it and can pass it on chunk by chunk; the
/// node itself decides whether its own client gets SSE or one JSON body.
public struct OpenAIBackendEngine: InferenceEngine {
    public let modelID: String
    public let contextLength: Int
    /// The model name sent upstream (the backend's own id, which may differ from `modelID`).
    public let upstreamModel: String
    public let configuration: Configuration
    private let client: HTTPClient

    /// Uses the given identity as is, without asking the backend anything.
    /// Prefer `connect(_:client:)`, which discovers the model and its context length.
    public init(configuration: Configuration, upstreamModel: String, contextLength: Int, client: HTTPClient = defaultClient) {
        self.configuration = configuration
        self.upstreamModel = upstreamModel
        self.modelID = configuration.modelID ?? upstreamModel
        self.contextLength = contextLength
        self.client = client
    }

    public func generate(_ request: GenerationRequest) async throws -> AsyncThrowingStream<GenerationEvent, any Error> {
        let upstream = UpstreamRequest(request, model: upstreamModel)
        var http = HTTPClientRequest(url: configuration.baseURL + upstream.path)
        http.method = .POST
        http.headers.add(name: "content-type", value: "application/json")
        http.headers.add(name: "accept", value: "text/event-stream")
        if let key = configuration.apiKey { http.headers.add(name: "authorization", value: "Bearer \(key)") }
        http.body = .bytes(ByteBuffer(bytes: try upstream.body()))

        let response = try await send(http)
        guard response.status == .ok else {
            throw await UpstreamError.map(response, maxTokens: request.maxTokens)
        }

        let (stream, continuation) = AsyncThrowingStream.makeStream(of: GenerationEvent.self, throwing: (any Error).self)
        let relay = Task { await UpstreamRelay.relay(response.body, to: continuation) }
        // The consumer going away (client disconnected) cancels the relay, which drops the
        // upstream response body; AsyncHTTPClient then closes that request, and the backend
        // stops generating.
        continuation.onTermination = { _ in relay.cancel() }
        return stream
    }

    /// Sends the request, once more if a kept-alive connection turned out to be closed by the
    /// backend before it answered (servers drop idle connections at will; nothing was
    /// generated for a request that never arrived).
    private func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        for attempt in 1...2 {
            do {
                return try await client.execute(request, deadline: configuration.deadline())
            } catch is CancellationError {
                throw CancellationError()
            } catch let error where attempt == 1 && Self.isStaleConnection(error) {
                continue
            } catch {
                throw InferenceError.backend(status: 502, message: "cannot reach \(configuration.baseURL): \(error)")
            }
        }
        preconditionFailure("the loop returns or throws on its second attempt")
    }

    private static func isStaleConnection(_ error: any Error) -> Bool {
        (error as? ChannelError) == .ioOnClosedChannel || (error as? HTTPClientError) == .remoteConnectionClosed
    }
}
