import Foundation
import Inference
import Synchronization

/// The model the node serves now, with its modelH, swappable by `load_model`.
///
/// It is itself an `InferenceEngine` that forwards to the current engine, so every route sees the
/// current model; completions take a ``snapshot()`` first so that the engine that generates and the
/// modelH that the response names are always the same pair, even across a swap.
public final class ModelSlot: InferenceEngine, Sendable {
    public struct Snapshot: Sendable {
        public let engine: any InferenceEngine
        public let modelHash: ModelHash
    }

    /// Opens an engine on a model path (`load_model`); nil: the node cannot load models at runtime.
    public typealias Loader = @Sendable (String) async throws -> any InferenceEngine
    /// Opens an engine on a GGUF model held in memory (a decrypted sealed model), served under the
    /// given id; nil: the node cannot serve sealed models (it forwards to a backend).
    public typealias MemoryLoader = @Sendable (InMemoryModelFile, String) throws -> any InferenceEngine

    private let current: Mutex<Snapshot>
    let loader: Loader?
    /// Model hashes `load_model` accepts (from app-compose); empty: any.
    let allowed: Set<ModelHash>

    public init(engine: any InferenceEngine, modelHash: ModelHash, allowed: Set<ModelHash> = [], loader: Loader? = nil) {
        current = Mutex(Snapshot(engine: engine, modelHash: modelHash))
        self.loader = loader
        self.allowed = allowed
    }

    public func snapshot() -> Snapshot { current.withLock { $0 } }

    public var modelID: String { snapshot().engine.modelID }
    public var contextLength: Int { snapshot().engine.contextLength }
    public var modelHash: ModelHash { snapshot().modelHash }

    public func generate(_ request: GenerationRequest) async throws -> AsyncThrowingStream<GenerationEvent, any Error> {
        try await snapshot().engine.generate(request)
    }

    /// `load_model(path)`: computes modelH (streamed, off the cooperative pool), checks it against
    /// the allowed set, opens the engine and swaps it in. Generations already running finish on
    /// the old engine.
    public func load(path: String) async throws -> Snapshot {
        guard let loader else { throw APIError.invalid("path", "this node cannot load models at runtime (it forwards to a backend)") }
        let manifest: ModelManifest = try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result<ModelManifest, any Error> { try ModelManifest.of(path: path) }) }.start()
        }
        let hash = manifest.modelHash
        try checkAllowed(hash, path: path)
        return install(try await loader(path), modelHash: hash)
    }

    /// Refuses a model whose modelH app-compose does not allow, before anything is opened.
    func checkAllowed(_ hash: ModelHash, path: String) throws(APIError) {
        if !allowed.isEmpty, !allowed.contains(hash) {
            throw APIError.invalid("path", "model \(path) has modelH \(hash.hex), which app-compose does not allow (allowed: \(allowed.map(\.hex).sorted().joined(separator: ", ")))")
        }
    }

    /// Swaps `engine` in; generations already running finish on the old one.
    @discardableResult
    func install(_ engine: any InferenceEngine, modelHash: ModelHash) -> Snapshot {
        let next = Snapshot(engine: engine, modelHash: modelHash)
        current.withLock { $0 = next }
        return next
    }

    /// Throws 503 while the node waits for the key of its sealed model: there is nothing to
    /// generate with, and saying why beats a 400 about the request.
    func requireModel() throws(APIError) {
        if let awaiting = snapshot().engine as? AwaitingKeyEngine { throw awaiting.refusal }
    }
}
