import Hummingbird
import Inference

extension APIError {
    /// How the engine's refusals look to an OpenAI client.
    init(_ error: InferenceError) {
        switch error {
        case .contextExceeded:
            self = .invalid("messages", error.description, code: "context_length_exceeded")
        case .invalidParameter(let name, _):
            self = .invalid(name, error.description)
        case .queueFull:
            self.init(status: .tooManyRequests, type: "rate_limit_error", code: "queue_full", message: error.description)
        case .backend:
            self.init(status: .badGateway, type: "server_error", code: "backend_error", message: error.description)
        case .shuttingDown:
            self.init(status: .serviceUnavailable, type: "server_error", code: "shutting_down", message: error.description)
        }
    }
}
