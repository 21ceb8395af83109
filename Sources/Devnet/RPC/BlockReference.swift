import NearLightClient

/// NEAR's block reference in params: `{"finality": "final"}`, `{"block_id": 123}`,
/// `{"block_id": "<hash>"}`, or (legacy array forms) a bare height or hash.
enum BlockReference {
    case finality(String)
    case height(UInt64)
    case hash(CryptoHash)

    static func parse(object: JSONValue?) throws(RPCError) -> BlockReference {
        if let finality = object?["finality"]?.string { return .finality(finality) }
        if let id = object?["block_id"], !id.isNull { return try parse(id: id) }
        if let sync = object?["sync_checkpoint"]?.string { return .finality(sync == "genesis" ? "genesis" : "final") }
        return .finality("optimistic")
    }

    static func parse(id: JSONValue) throws(RPCError) -> BlockReference {
        if let height = id.uint64, case .string = id {
            return .height(height)
        } else if let height = id.uint64 {
            return .height(height)
        }
        guard let text = id.string, let hash = try? CryptoHash(base58: text) else {
            throw .invalidParams("block_id must be a height or a base58 block hash, got \(id)")
        }
        return .hash(hash)
    }

    func resolve(on chain: Chain) async throws(RPCError) -> BlockHeader {
        switch self {
        case .finality("genesis"):
            return await chain.header(height: 0)!
        case .finality(let finality):
            guard ["optimistic", "near-final", "final"].contains(finality) else {
                throw .invalidParams("finality '\(finality)', expected optimistic, near-final or final")
            }
            return await chain.header(finality: finality)
        case .height(let height):
            guard let header = await chain.header(height: height) else { throw .unknownBlock(String(height)) }
            return header
        case .hash(let hash):
            guard let header = await chain.header(hash: hash) else { throw .unknownBlock(hash.base58) }
            return header
        }
    }
}
