import Hummingbird

/// An error as OpenAI reports it: an HTTP status and
/// `{"error": {"message", "type", "param", "code"}}`. Every refusal of the node ends up as one
/// of these, so clients written for OpenAI understand every failure.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// OpenAI's error class: `invalid_request_error`, `rate_limit_error`, `server_error`...
    public var type: String
    /// Machine-readable reason (`model_not_found`, `context_length_exceeded`), when there is one.
    public var code: String?
    /// The request field at fault, in dotted form (`messages[0].content`).
    public var param: String?
    public var message: String

    public init(status: HTTPResponse.Status, type: String, code: String? = nil, param: String? = nil, message: String) {
        self.status = status
        self.type = type
        self.code = code
        self.param = param
        self.message = message
    }

    public var description: String { "\(status.code) \(type): \(message)" }

    /// 400 for a request field that is missing, of the wrong type or out of range.
    static func invalid(_ param: String?, _ message: String, code: String? = nil) -> APIError {
        APIError(status: .badRequest, type: "invalid_request_error", code: code, param: param, message: message)
    }

    static func modelNotFound(_ requested: String, served: String) -> APIError {
        APIError(
            status: .notFound, type: "invalid_request_error", code: "model_not_found", param: "model",
            message: "the model `\(requested)` does not exist on this node; it serves `\(served)`"
        )
    }

    static func routeNotFound(_ method: HTTPRequest.Method, _ path: String) -> APIError {
        APIError(status: .notFound, type: "invalid_request_error", message: "no route for \(method) \(path)")
    }

    static func bodyTooLarge(limit: Int) -> APIError {
        APIError(
            status: .contentTooLarge, type: "invalid_request_error", code: "request_too_large",
            message: "the request body is larger than this node's limit of \(limit) bytes"
        )
    }

    static func internalError(_ message: String) -> APIError {
        APIError(status: .internalServerError, type: "server_error", message: message)
    }
}
