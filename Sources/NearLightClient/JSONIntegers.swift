/// Exact integer decoding for NEAR's JSON: u128 balances arrive as decimal strings, u64 values
/// as numbers or (in older nodes and some fields) strings. Both are parsed digit by digit.
extension KeyedDecodingContainer {
    func decodeNearU64(forKey key: Key) throws -> UInt64 {
        if let text = try? decode(String.self, forKey: key) {
            do { return try NearDecimal.parse(text) } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.description)
            }
        }
        return try decode(UInt64.self, forKey: key)
    }

    func decodeNearU128(forKey key: Key) throws -> UInt128 {
        if let text = try? decode(String.self, forKey: key) {
            do { return try NearDecimal.parse(text) } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.description)
            }
        }
        return UInt128(try decode(UInt64.self, forKey: key))
    }

    func decodeNearU128IfPresent(forKey key: Key) throws -> UInt128? {
        guard contains(key), !(try decodeNil(forKey: key)) else { return nil }
        return try decodeNearU128(forKey: key)
    }
}

extension KeyedEncodingContainer {
    /// NEAR writes u128 amounts as decimal strings.
    mutating func encodeNearU128(_ value: UInt128, forKey key: Key) throws {
        try encode(String(value), forKey: key)
    }
}
