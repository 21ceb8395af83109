import Foundation

/// The node's `app-compose.json`: the node binary's digest and every baked-in parameter that
/// changes what the node does with a user's data. Its SHA-256 is the compose hash (the paper's
/// `docker_hash`), so a verifier pinning the compose hash pins all of this.
///
/// Encoded with sorted keys and no whitespace, so the same parameters always give the same bytes.
public struct AppCompose: Sendable, Codable, Equatable {
    /// Schema of this file (bumped when a field's meaning changes).
    public var dcmlComposeVersion = 1
    public var name = "dcml-node"
    /// SHA-256 of the node executable (`/proc/self/exe`).
    public var nodeBinarySHA256: String
    /// modelH of the model loaded at start (all zeros: not identified).
    public var modelHash: String
    /// Models `load_model` may switch to; empty: any model (every response still names its modelH).
    public var allowedModelHashes: [String]
    /// `local` (the embedded CPU engine) or `backend` (an OpenAI-compatible server).
    public var engine: String
    /// Where a backend engine forwards prompts: part of the workload, since prompts go there.
    public var backendURL: String?
    /// The admin API (`load_model`) answers loopback peers only.
    public var adminAccess = "loopback"
    /// The model market whose payment channels the node charges (§6); nil: an unpaid node (the
    /// key is then absent, so unpaid nodes keep their compose hash).
    public var payments: PaidDeployment?

    public init(nodeBinarySHA256: String, modelHash: String, allowedModelHashes: [String] = [], engine: String, backendURL: String? = nil,
                payments: PaidDeployment? = nil) {
        self.nodeBinarySHA256 = nodeBinarySHA256
        self.modelHash = modelHash
        self.allowedModelHashes = allowedModelHashes.sorted()
        self.engine = engine
        self.backendURL = backendURL
        self.payments = payments
    }

    enum CodingKeys: String, CodingKey {
        case dcmlComposeVersion = "dcml_compose_version", name, nodeBinarySHA256 = "node_binary_sha256", modelHash = "model_hash"
        case allowedModelHashes = "allowed_model_hashes", engine, backendURL = "backend_url", adminAccess = "admin_access", payments
    }

    /// The exact bytes whose SHA-256 is the compose hash.
    public var bytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try! encoder.encode(self))
    }
}
