/// What set_sk answers once the key is accepted: the model the node now serves with it, and who
/// delivered the key (`attested_peer`, `ratls_client` or `loopback`), for the operator's log.
public struct SetKeyResponse: Codable, Sendable, Equatable {
    public var status: String
    public var model: String
    public var modelHash: String
    public var publicKey: String
    public var seededBy: String

    enum CodingKeys: String, CodingKey {
        case status, model, modelHash = "model_hash", publicKey = "public_key", seededBy = "seeded_by"
    }
}
