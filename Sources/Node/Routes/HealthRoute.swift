import Hummingbird
import Inference

/// `GET /health`: 200 with the served model while the node answers requests; for load
/// balancers and `dcml` itself.
struct HealthRoute: Sendable {
    let engine: any InferenceEngine

    private struct Health: Encodable {
        var status = "ok"
        var model: String
    }

    func register(on router: Router<NodeRequestContext>) {
        router.get("/health") { _, _ in
            let body = ResponseJSON.encode(Health(model: engine.modelID))
            return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: "\(body.readableBytes)"], body: .init(byteBuffer: body))
        }
    }
}
