import NearLightClient

/// Why a NEAR JSON-RPC call gave no usable result. A server's error envelope keeps NEAR's cause
/// name (`UNKNOWN_ACCOUNT`, `INVALID_TRANSACTION`, `TIMEOUT_ERROR`, …) so callers can branch on
/// it, and the message says which method failed and why.
public enum NearRPCClientError: Error, Equatable, Sendable, CustomStringConvertible {
    case badURL(String)
    /// `{"error": {"name", "cause": {"name", "info"}, "message", "data"}}`; `cause` is nil for
    /// old-style errors that carry only `code`, `message` and `data`.
    case server(method: String, name: String?, cause: String?, info: JSONValue?, message: String)
    /// The server answered something that is not a JSON-RPC envelope.
    case http(method: String, status: Int, body: String)
    case transport(method: String, reason: String)
    case malformed(method: String, reason: String)
    /// A view call that ran and failed (older nodes report it inside the result).
    case contractExecution(method: String, message: String)

    /// NEAR's cause name, when the server gave one.
    public var cause: String? {
        if case .server(_, _, let cause, _, _) = self { return cause }
        return nil
    }

    public var description: String {
        switch self {
        case .badURL(let url):
            return "'\(url)' is not a NEAR RPC URL: expected http(s)://HOST[:PORT], e.g. https://rpc.testnet.near.org"
        case let .server(method, name, cause, _, message):
            let kind = [cause, name].compactMap { $0 }.joined(separator: " in ")
            return "NEAR RPC \(method) failed: \(kind.isEmpty ? "error" : kind): \(message)"
        case let .http(method, status, body):
            return "NEAR RPC \(method): HTTP \(status) without a JSON-RPC answer: \(body.prefix(200))"
        case let .transport(method, reason):
            return "NEAR RPC \(method): cannot reach the server: \(reason)"
        case let .malformed(method, reason):
            return "NEAR RPC \(method): unexpected result: \(reason)"
        case let .contractExecution(method, message):
            return "NEAR RPC \(method): contract execution failed: \(message)"
        }
    }
}
