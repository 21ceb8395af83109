import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

extension OpenAIBackendEngine {
    /// Asks the backend's `/v1/models` which model it serves and how long its context is
    /// (llama.cpp: `meta.n_ctx`; vLLM: `max_model_len`), so the node can refuse requests that
    /// cannot fit before they reach the backend.
    public static func connect(_ configuration: Configuration, client: HTTPClient = defaultClient) async throws -> OpenAIBackendEngine {
        let url = configuration.baseURL + "/v1/models"
        var request = HTTPClientRequest(url: url)
        if let key = configuration.apiKey { request.headers.add(name: "authorization", value: "Bearer \(key)") }
        let body: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            guard response.status == .ok else {
                throw InferenceError.backend(status: 502, message: "GET \(url) answered \(response.status.code); expected 200 with a model list")
            }
            body = try await response.body.collect(upTo: 4 << 20)
        } catch let error as InferenceError {
            throw error
        } catch {
            throw InferenceError.backend(status: 502, message: "cannot reach \(url): \(error)")
        }
        let list: UpstreamModelList
        do {
            list = try JSONDecoder().decode(UpstreamModelList.self, from: Data(buffer: body))
        } catch {
            throw InferenceError.backend(status: 502, message: "GET \(url) did not return an OpenAI model list: \(error)")
        }
        guard let model = list.data.first else {
            throw InferenceError.backend(status: 502, message: "GET \(url) lists no models; expected at least one")
        }
        guard let context = configuration.contextLength ?? model.contextLength else {
            throw InferenceError.backend(
                status: 502,
                message: "the backend does not report its context length (meta.n_ctx or max_model_len); configure it explicitly"
            )
        }
        return OpenAIBackendEngine(configuration: configuration, upstreamModel: model.id, contextLength: context, client: client)
    }
}

/// The part of an OpenAI `/v1/models` answer the backend needs, with the context-length
/// extensions of llama.cpp and vLLM.
struct UpstreamModelList: Decodable {
    struct Model: Decodable {
        struct Meta: Decodable {
            var n_ctx: Int?
            var n_ctx_train: Int?
        }
        var id: String
        var max_model_len: Int?
        var meta: Meta?

        var contextLength: Int? { meta?.n_ctx ?? max_model_len ?? meta?.n_ctx_train }
    }
    var data: [Model]
}
