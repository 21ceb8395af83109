import Hummingbird

/// Counts every request by route pattern (Hummingbird's `NotFound` for unknown paths, so the
/// label set stays bounded) and final status. Outermost, so it sees the status after errors
/// were turned into OpenAI responses.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = NodeRequestContext
    let metrics: NodeMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            metrics.countRequest(route: context.endpointPath ?? "unmatched", status: Int(response.status.code))
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.countRequest(route: context.endpointPath ?? "unmatched", status: Int(status))
            throw error
        }
    }
}
