import NearLightClient

/// yoctoNEAR amounts travel in JSON as decimal strings (NEAR's convention, and the project's: a
/// `UInt128` does not survive a JSON number in most clients). Parsed digit by digit, exactly.
extension KeyedDecodingContainer {
    func decodeYocto(forKey key: Key) throws -> UInt128 {
        let text = try decode(String.self, forKey: key)
        do { return try NearDecimal.parse(text) } catch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.description)
        }
    }
}

extension KeyedEncodingContainer {
    mutating func encodeYocto(_ value: UInt128, forKey key: Key) throws {
        try encode(String(value), forKey: key)
    }
}
