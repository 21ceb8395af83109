import DCMLClient
import Foundation
import Hummingbird

/// An error of the proxy in OpenAI's shape, `{"error": {"message", "type", "param", "code"}}`, so
/// OpenAI clients raise their usual exceptions with the message that says what went wrong.
struct ProxyError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let type: String
    let code: String
    let message: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [String: Any] = ["error": ["message": message, "type": type, "param": NSNull(), "code": code]]
        return PayProxy.json(status, Array(try JSONSerialization.data(withJSONObject: body)), headers: [:])
    }

    /// What the OpenAI client should see for `error`: the node's own error as it sent it, the
    /// paying client's refusals with the reason.
    static func from(_ error: any Error) -> any HTTPResponseError {
        switch error {
        case let error as HTTPResponseError:
            return error
        case DCMLClientError.http(let status, let body) where (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["error"] != nil:
            return NodeError(status: HTTPResponse.Status(code: status), body: Array(body.utf8))
        case let error as PaymentClientError:
            switch error {
            case .badRequest: return ProxyError(status: .badRequest, type: "invalid_request_error", code: "unpayable_request", message: error.description)
            case .insufficientDeposit: return ProxyError(status: .init(code: 402), type: "payment_error", code: "insufficient_deposit", message: error.description)
            default: return ProxyError(status: .badGateway, type: "payment_error", code: "node_payment_refused", message: error.description)
            }
        default:
            return ProxyError(status: .badGateway, type: "server_error", code: "node_unverified",
                              message: "the node's answer was refused (nothing from it is passed on unchecked): \(error)")
        }
    }
}

/// The node's OpenAI-shaped error, passed on as the node sent it.
struct NodeError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let body: [UInt8]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        PayProxy.json(status, body, headers: [:])
    }
}

/// Turns every error of a route into OpenAI's error shape.
struct ProxyErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do { return try await next(request, context) } catch { throw ProxyError.from(error) }
    }
}
