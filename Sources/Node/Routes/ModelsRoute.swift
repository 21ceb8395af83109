import Foundation
import Hummingbird
import Inference

/// `GET /v1/models` and `GET /v1/models/{id}`: the one model the engine serves.
struct ModelsRoute: Sendable {
    let engine: any InferenceEngine
    /// Reported as the model's `created`: when this node started serving it.
    let created = Int(Date().timeIntervalSince1970)

    func register(on router: Router<NodeRequestContext>) {
        router.get("/v1/models") { _, _ in
            json(ModelList(data: [model]))
        }
        // Model ids may contain slashes (a backend's id is often a path), hence the recursive wildcard.
        router.get("/v1/models/**") { _, context in
            let requested = context.parameters.getCatchAll().joined(separator: "/")
            guard requested == engine.modelID else { throw APIError.modelNotFound(requested, served: engine.modelID) }
            return json(model)
        }
    }

    private var model: ModelList.Model { .init(id: engine.modelID, created: created, max_model_len: engine.contextLength) }

    private func json(_ value: some Encodable) -> Response {
        let body = ResponseJSON.encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: "\(body.readableBytes)"], body: .init(byteBuffer: body))
    }
}
