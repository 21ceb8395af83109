#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

/// nearcore's `FinalExecutionStatus`: how a transaction ended, after all its receipts ran.
public enum FinalExecutionStatus: Hashable, Sendable, Decodable {
    case notStarted
    case started
    /// NEAR's `TxExecutionError` JSON, e.g. `{"ActionError": {"index": 0, "kind": …}}`.
    case failure(JSONValue)
    /// The last receipt's return value (often empty, or JSON).
    case successValue([UInt8])

    enum CodingKeys: String, CodingKey {
        case failure = "Failure"
        case successValue = "SuccessValue"
    }

    public init(from decoder: Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            switch text {
            case "NotStarted": self = .notStarted
            case "Started": self = .started
            default:
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath,
                    debugDescription: "status '\(text)', expected NotStarted, Started, {\"Failure\": …} or {\"SuccessValue\": …}"))
            }
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.successValue) {
            self = .successValue(try c.base64(.successValue))
        } else {
            self = .failure(try c.decode(JSONValue.self, forKey: .failure))
        }
    }

    public var isSuccess: Bool {
        if case .successValue = self { return true }
        return false
    }

    /// One line: `success`, `success, returned "…"`, `failure: {…}`.
    public var summary: String {
        switch self {
        case .notStarted: return "not started"
        case .started: return "started (not finished)"
        case .successValue(let bytes) where bytes.isEmpty: return "success"
        case .successValue(let bytes): return "success, returned \(String(decoding: bytes, as: UTF8.self))"
        case .failure(let error): return "failure: \(error.compactJSON)"
        }
    }
}

extension JSONValue {
    /// Sorted-key JSON text, for one-line messages.
    var compactJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "\(self)"
    }
}
