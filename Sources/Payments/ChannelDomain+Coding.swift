import NearLightClient

/// The fields every signed payment message carries on the wire, decoded one way: the domain as
/// `contract_id` and `chain_id`, a signature as 128 lowercase hex digits.
extension KeyedDecodingContainer {
    func decodeDomain(contract: Key, chain: Key) throws -> ChannelDomain {
        let contractID = try decode(String.self, forKey: contract)
        let chainID = try decode(String.self, forKey: chain)
        do { return try ChannelDomain(contract: contractID, chain: chainID) } catch {
            throw DecodingError.dataCorruptedError(forKey: chain, in: self, debugDescription: error.description)
        }
    }

    func decodeSignature(forKey key: Key) throws -> Signature {
        let hex = try decode(String.self, forKey: key)
        do { return try Signature(ed25519: Hex.decode(hex)) } catch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected 128 hex digits (an ed25519 signature): \(error.description)")
        }
    }
}

extension KeyedEncodingContainer {
    mutating func encode(_ domain: ChannelDomain, contract: Key, chain: Key) throws {
        try encode(domain.contract, forKey: contract)
        try encode(domain.chain, forKey: chain)
    }
}
