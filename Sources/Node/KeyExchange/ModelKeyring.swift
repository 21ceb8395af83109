import Foundation
import Inference
import Sealing

/// The node's model key (the paper's sk) and the sealed model it opens.
///
/// The key lives only here, in memory, in ``ModelSecretKey``'s zeroing storage: it is never
/// written or logged, it is zeroed when the node drops it, and a restarted node has none until
/// set_sk brings it again. An actor, so that set_sk, request_sk and `load_model` see one state;
/// the decryption itself runs on its own thread, and concurrent callers share it.
public actor ModelKeyring {
    /// What the node does about its sealed model, for `GET /v1/keys/status`.
    public enum State: String, Sendable {
        case noSealedModel = "no_sealed_model"
        case waitingForKey = "waiting_for_key"
        case loading
        case serving
        case failed
    }

    let slot: ModelSlot
    let openMemory: ModelSlot.MemoryLoader?
    private(set) var sealed: SealedModel?
    private var key: ModelSecretKey?
    private var loading: Task<ModelSlot.Snapshot, any Error>?
    private var servingSealed = false
    private(set) var failure: String?

    /// `sealed`: the model configured at start (`--sealed-model`); the slot then holds an
    /// ``AwaitingKeyEngine`` for it. `openMemory`: nil for a node that cannot serve sealed models.
    public init(slot: ModelSlot, sealed: SealedModel? = nil, openMemory: ModelSlot.MemoryLoader? = nil) {
        self.slot = slot
        self.sealed = sealed
        self.openMemory = openMemory
    }

    public var state: State {
        if sealed == nil { return .noSealedModel }
        if servingSealed { return .serving }
        if loading != nil { return .loading }
        if failure != nil { return .failed }
        return .waitingForKey
    }

    public var holdsKey: Bool { key != nil }

    /// The key, for request_sk to pass on; nil until one was accepted.
    var heldKey: ModelSecretKey? { key }

    /// set_sk: keeps `candidate` if it opens the node's sealed model (it matches the recipient pk
    /// and the header authenticates under it), then decrypts the model into memory and serves it.
    /// A correct key is kept even if the model then fails to load, so it can still be passed on.
    func accept(_ candidate: ModelSecretKey) async throws(KeyExchangeError) -> ModelSlot.Snapshot {
        guard let sealed else { throw .noSealedModel }
        guard candidate.matches(sealed.publicKey) else {
            throw .wrongKey(sealedFor: sealed.publicKey.hex, given: candidate.publicKey.hex)
        }
        do { try sealed.verify(candidate) } catch { throw .sealedModelRejected(error.description) }
        if key == nil { key = candidate }
        return try await open(sealed)
    }

    /// What `load_model` of a sealed file did.
    enum SealedLoad {
        case serving(ModelSlot.Snapshot)
        case waitingForKey(SealedModel)
    }

    /// `load_model` of a sealed file: served at once when the node holds its key, else the node
    /// answers 503 "waiting for the model key" until set_sk brings it.
    func load(_ model: SealedModel) async throws(KeyExchangeError) -> SealedLoad {
        guard openMemory != nil else { throw .cannotServeSealed }
        if let key, !key.matches(model.publicKey) {
            throw .keyForAnotherModel(held: key.publicKey.hex, sealedFor: model.publicKey.hex)
        }
        if let loading { _ = try? await loading.value }
        sealed = model
        servingSealed = false
        failure = nil
        guard key != nil else {
            slot.install(AwaitingKeyEngine(sealed: model), modelHash: model.modelHash)
            return .waitingForKey(model)
        }
        return .serving(try await open(model))
    }

    /// `load_model` of a plaintext model replaced the sealed one. The key stays (peers may still
    /// ask for it; a later sealed `load_model` for the same pk is served at once).
    func detach() {
        sealed = nil
        servingSealed = false
        failure = nil
    }

    private func open(_ model: SealedModel) async throws(KeyExchangeError) -> ModelSlot.Snapshot {
        if servingSealed { return slot.snapshot() }
        let task: Task<ModelSlot.Snapshot, any Error>
        if let loading {
            task = loading
        } else {
            guard let key, let openMemory else { throw .cannotServeSealed }
            let slot = self.slot
            task = Task.detached {
                try slot.checkAllowed(model.modelHash, path: model.path)
                let engine = try await Self.onOwnThread { try openMemory(try model.decrypt(with: key), model.modelID) }
                return slot.install(engine, modelHash: model.modelHash)
            }
            loading = task
        }
        do {
            let snapshot = try await task.value
            loading = nil
            servingSealed = true
            failure = nil
            return snapshot
        } catch {
            loading = nil
            failure = "\(error)"
            throw .sealedModelRejected("\(error)")
        }
    }

    /// Decryption and engine setup take seconds of CPU: off the cooperative pool.
    private static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
