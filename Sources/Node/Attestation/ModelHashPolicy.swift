import Inference

/// Which models this workload may serve, as app-compose states them (paper §9).
///
/// `baked` is the model hash the operator bakes into app-compose (`dcml node --model-hash`), so
/// the compose hash a verifier pins names the model too: a node started with other weights refuses
/// to start instead of serving them. `allowed` are further hashes `load_model` may switch to
/// (`--allowed-model-hash`); empty, and nothing baked, means any model.
public struct ModelHashPolicy: Sendable, Equatable {
    public var baked: ModelHash?
    public var allowed: Set<ModelHash>

    public init(baked: ModelHash? = nil, allowed: Set<ModelHash> = []) {
        self.baked = baked
        self.allowed = allowed
    }

    /// What `load_model` accepts: the baked hash and the allowed ones (empty: any).
    public var loadable: Set<ModelHash> {
        guard let baked else { return allowed }
        return allowed.union([baked])
    }

    /// Refuses to serve weights whose modelH app-compose does not name.
    public func checkStart(_ modelHash: ModelHash) throws(ModelHashPolicyError) {
        if let baked, baked != modelHash { throw .notBaked(modelHash: modelHash, baked: baked) }
        if baked == nil, !allowed.isEmpty, !allowed.contains(modelHash) { throw .notAllowed(modelHash: modelHash, allowed: allowed) }
    }
}

public enum ModelHashPolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    case notBaked(modelHash: ModelHash, baked: ModelHash)
    case notAllowed(modelHash: ModelHash, allowed: Set<ModelHash>)

    public var description: String {
        switch self {
        case let .notBaked(m, b):
            "refusing to start: the weights have modelH \(m.hex), but app-compose bakes model hash \(b.hex) (--model-hash); start with the weights it names"
        case let .notAllowed(m, a):
            "refusing to start: the weights have modelH \(m.hex), which app-compose does not allow (--allowed-model-hash: \(a.map(\.hex).sorted().joined(separator: ", ")))"
        }
    }
}
