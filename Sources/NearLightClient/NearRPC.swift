#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decoding of saved or received NEAR JSON-RPC answers.
///
/// Accepts a whole envelope (`{"jsonrpc", "id", "result"}` or `{"error"}`), a bare result, and
/// the `{"last_block_hash", "body"}` wrapping some tools save light-client blocks in.
public enum NearRPC {
    public static func decodeResult<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let document: Document<T>
        do {
            document = try JSONDecoder().decode(Document<T>.self, from: data)
        } catch let error as NearRPCError {
            throw error
        } catch let error as DecodingError {
            throw NearRPCError.malformed(describe(error))
        }
        return document.value
    }

    public static func decodeResult<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decodeResult(type, from: Data(bytes))
    }

    /// A short path-and-reason text for a decoding error, e.g. `at result.inner_lite.height: …`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)' at '\(path(context.codingPath))'"
        case .typeMismatch(let type, let context):
            return "at '\(path(context.codingPath))': expected \(type). \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "at '\(path(context.codingPath))': expected \(type), found null"
        case .dataCorrupted(let context):
            return "at '\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    struct Document<T: Decodable>: Decodable {
        let value: T

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            if c.contains(Key("error")) {
                let error = try c.decode(JSONValue.self, forKey: Key("error"))
                throw NearRPC.serverError(error)
            }
            if c.contains(Key("result")) {
                value = try c.decode(T.self, forKey: Key("result"))
            } else if c.contains(Key("body")) && c.contains(Key("last_block_hash")) {
                value = try c.decode(T.self, forKey: Key("body"))
            } else {
                value = try T(from: decoder)
            }
        }
    }

    static func serverError(_ error: JSONValue) -> NearRPCError {
        guard case .object(let fields) = error else {
            return .server(name: nil, code: nil, message: "\(error)", data: nil)
        }
        func text(_ value: JSONValue?) -> String? {
            switch value {
            case .string(let s): return s
            case nil, .null: return nil
            case let other?:
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                return (try? encoder.encode(other)).map { String(decoding: $0, as: UTF8.self) }
            }
        }
        var code: Int64?
        switch fields["code"] {
        case .integer(let v): code = v
        case .unsigned(let v): code = Int64(exactly: v)
        default: code = nil
        }
        let cause = text(fields["cause"])
        return .server(
            name: text(fields["name"]), code: code, message: text(fields["message"]) ?? "(no message)",
            data: text(fields["data"]) ?? cause)
    }
}
