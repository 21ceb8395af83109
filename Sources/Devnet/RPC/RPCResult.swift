import NearLightClient

/// A method's result: a JSON tree, or a Codable view encoded straight into the response (proofs
/// and light-client blocks, whose Codable forms already live in `NearLightClient`).
public enum RPCResult: Sendable {
    case json(JSONValue)
    case value(any Encodable & Sendable)
}

/// One JSON-RPC response envelope.
struct RPCEnvelope: Encodable {
    let id: JSONValue
    let result: RPCResult?
    let error: JSONValue?

    enum CodingKeys: String, CodingKey { case jsonrpc, id, result, error }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("2.0", forKey: .jsonrpc)
        try c.encode(id, forKey: .id)
        switch result {
        case .json(let value)?: try c.encode(value, forKey: .result)
        case .value(let value)?: try c.encode(value, forKey: .result)
        case nil: break
        }
        if let error { try c.encode(error, forKey: .error) }
    }
}
