import Hummingbird
import Inference

/// Makes every failure leave the node in OpenAI's error shape: unknown routes (the router's
/// 404), engine refusals, the framework's own HTTP errors, and anything unexpected (500,
/// logged, never a crash or a framework-formatted body).
struct OpenAIErrorMiddleware: RouterMiddleware {
    typealias Context = NodeRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response()
        } catch let error as InferenceError {
            return APIError(error).response()
        } catch let error as HTTPError where error.status == .notFound {
            // Routes throw APIError; a bare 404 is the router finding no route.
            return APIError.routeNotFound(request.method, request.uri.path).response()
        } catch let error as any HTTPResponseError {
            let type = error.status.code >= 500 ? "server_error" : "invalid_request_error"
            return APIError(status: error.status, type: type, message: "\(error)").response()
        } catch {
            context.logger.error("unexpected error answering \(request.method) \(request.uri.path): \(error)")
            return APIError.internalError("the node failed to answer this request; see its log").response()
        }
    }
}
