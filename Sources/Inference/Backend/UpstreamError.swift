import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

/// An OpenAI-style error body as vLLM and llama.cpp send it; both put extra fields beside
/// `message` (llama.cpp: `n_prompt_tokens`, `n_ctx` when the context is exceeded).
struct UpstreamErrorBody: Decodable {
    struct Detail: Decodable {
        var message: String?
        var type: String?
        var param: String?
        var n_prompt_tokens: Int?
        var n_ctx: Int?
    }
    var error: Detail?
    /// Some servers (older vLLM) answer `{"message": ...}` or `{"detail": ...}` at the top level.
    var message: String?
    var detail: String?
}

enum UpstreamError {
    /// Turns a non-200 upstream answer into the refusal the node reports: the backend's own
    /// message for 4xx (the client's request was wrong), 429 as queue full, anything else as a
    /// backend failure.
    static func map(_ response: HTTPClientResponse, maxTokens: Int?) async -> InferenceError {
        let status = Int(response.status.code)
        let body = (try? await response.body.collect(upTo: 1 << 20)).map { Data(buffer: $0) } ?? Data()
        let parsed = try? JSONDecoder().decode(UpstreamErrorBody.self, from: body)
        let detail = parsed?.error
        let message = detail?.message ?? parsed?.message ?? parsed?.detail
            ?? (String(data: body.prefix(500), encoding: .utf8).flatMap { $0.isEmpty ? nil : $0 })
            ?? "HTTP \(status) with no body"
        switch status {
        case 429:
            return .queueFull(capacity: 0)
        case 400..<500:
            if let prompt = detail?.n_prompt_tokens, let context = detail?.n_ctx {
                return .contextExceeded(promptTokens: prompt, maxTokens: maxTokens ?? 0, contextLength: context)
            }
            return .invalidParameter(name: detail?.param ?? "request", reason: "the backend refused it (\(status)): \(message)")
        default:
            return .backend(status: 502, message: "the backend answered \(status): \(message)")
        }
    }
}
