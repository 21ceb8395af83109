#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

/// Exact decoding of NEAR's JSON numbers: u128 amounts arrive as decimal strings, u64 values as
/// numbers or strings. Parsed digit by digit (`NearDecimal`), never through `Double`.
extension KeyedDecodingContainer {
    func nearU128(_ key: Key) throws -> UInt128 {
        if let text = try? decode(String.self, forKey: key) {
            do { return try NearDecimal.parse(text) } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.description)
            }
        }
        return UInt128(try decode(UInt64.self, forKey: key))
    }

    func nearU64(_ key: Key) throws -> UInt64 {
        if let text = try? decode(String.self, forKey: key) {
            do { return try NearDecimal.parse(text) } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.description)
            }
        }
        return try decode(UInt64.self, forKey: key)
    }

    func base64(_ key: Key) throws -> [UInt8] {
        let text = try decode(String.self, forKey: key)
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(text.prefix(40))' is not base64")
        }
        return Array(data)
    }
}
