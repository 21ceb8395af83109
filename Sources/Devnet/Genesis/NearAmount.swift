import NearLightClient

/// yoctoNEAR amounts in JSON: NEAR writes u128 as decimal strings; parsed digit by digit so no
/// bit is lost through `Double`.
enum NearAmount {
    static func parse(_ text: String, _ what: String) throws -> UInt128 {
        do { return try NearDecimal.parse(text) } catch {
            throw GenesisError.invalid("\(what) '\(text.prefix(50))' is not a decimal yoctoNEAR amount")
        }
    }

    static func decode<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> UInt128 {
        if let text = try? c.decode(String.self, forKey: key) { return try parse(text, key.stringValue) }
        return UInt128(try c.decode(UInt64.self, forKey: key))
    }
}
