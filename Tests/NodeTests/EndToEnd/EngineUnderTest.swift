import Inference
import TestSupport

/// The engines the end-to-end tests run the node on, so one test covers every way a node
/// serves: in front of llama.cpp, and on the embedded engine.
enum EngineUnderTest: String, CaseIterable, Sendable, CustomStringConvertible {
    case backend
    case local

    var description: String { rawValue }

    func make() async throws -> any InferenceEngine {
        switch self {
        case .backend:
            try await OpenAIBackendEngine.connect(.init(baseURL: LlamaServer.shared().baseURL))
        case .local:
            try LocalEngine(modelPath: DefaultModelFixture.path(), configuration: .init(threads: 1, contextLength: 512))
        }
    }
}
