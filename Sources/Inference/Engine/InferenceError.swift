/// Why a generation request was refused. The HTTP layer maps each case to OpenAI's error shape.
public enum InferenceError: Error, Equatable, CustomStringConvertible {
    /// 400: prompt plus max_tokens does not fit the context.
    case contextExceeded(promptTokens: Int, maxTokens: Int, contextLength: Int)
    /// 400: a parameter is out of range.
    case invalidParameter(name: String, reason: String)
    /// 429: too many requests are waiting.
    case queueFull(capacity: Int)
    /// 502/503: the backend server failed or is unreachable.
    case backend(status: Int, message: String)
    /// 503: the engine is shutting down.
    case shuttingDown

    public var description: String {
        switch self {
        case .contextExceeded(let p, let m, let c):
            "this model's maximum context length is \(c) tokens; the prompt has \(p) tokens and max_tokens asks for \(m)"
        case .invalidParameter(let name, let reason): "invalid \(name): \(reason)"
        case .queueFull(let n): "the server is busy: \(n) requests are already waiting; retry later"
        case .backend(let status, let message): "backend error (\(status)): \(message)"
        case .shuttingDown: "the engine is shutting down"
        }
    }
}
