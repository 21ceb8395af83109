import Hummingbird
import Inference

/// `POST /v1/chat/completions` and `POST /v1/completions`.
struct CompletionRoutes: Sendable {
    let engine: any InferenceEngine
    let metrics: NodeMetrics
    let maxBodyBytes: Int
    let signing: ResponseSigning
    /// A paid node's channels: every completion needs a voucher that covers it (§6); nil: free.
    var payments: PaymentService? = nil

    func register(on router: Router<NodeRequestContext>) {
        router.post("/v1/chat/completions") { request, _ in try await handle(.chat, request) }
        router.post("/v1/completions") { request, _ in try await handle(.text, request) }
    }

    private func handle(_ kind: CompletionKind, _ request: Request) async throws -> Response {
        let start = ContinuousClock.now
        try (engine as? ModelSlot)?.requireModel()
        var request = request
        let body = try await RequestBodyLimit(maxBytes: maxBodyBytes).collect(&request)
        let call = try CompletionCall(kind, body: body, engine: engine)
        // Before any generation: the voucher must cover this request's maximum (402 otherwise).
        let charge = try await payments?.authorize(call, headers: request.headers, engine: engine)
        return try await CompletionResponder(engine: engine, metrics: metrics, signing: signing, charge: charge)
            .respond(to: call, request: request, start: start)
    }
}
