#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The status of an execution outcome (nearcore's `ExecutionStatusView`).
///
/// Only the partial form is hashed into the outcome leaf (`PartialExecutionStatus`): tag 0
/// Unknown, 1 Failure (details dropped), 2 SuccessValue (u32 length ‖ bytes), 3 SuccessReceiptId
/// (32 bytes). JSON: `"Unknown"`, `{"Failure": …}`, `{"SuccessValue": "<base64>"}`,
/// `{"SuccessReceiptId": "<base58>"}`.
public enum ExecutionStatus: Hashable, Sendable {
    case unknown
    /// The failure details as NEAR's JSON gives them (`TxExecutionError`); not part of the hash.
    case failure(JSONValue)
    case successValue([UInt8])
    case successReceiptId(CryptoHash)

    /// Borsh of `PartialExecutionStatus`.
    public func encodePartial(to writer: inout BorshWriter) {
        switch self {
        case .unknown: writer.write(UInt8(0))
        case .failure: writer.write(UInt8(1))
        case .successValue(let value):
            writer.write(UInt8(2))
            writer.writeBytes(value)
        case .successReceiptId(let id):
            writer.write(UInt8(3))
            writer.write(id)
        }
    }
}

extension ExecutionStatus: Codable {
    enum CodingKeys: String, CodingKey {
        case failure = "Failure"
        case successValue = "SuccessValue"
        case successReceiptId = "SuccessReceiptId"
    }

    public init(from decoder: Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            guard text == "Unknown" else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath,
                    debugDescription: "execution status '\(text)', expected \"Unknown\" or an object with Failure, SuccessValue or SuccessReceiptId"))
            }
            self = .unknown
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let base64 = try c.decodeIfPresent(String.self, forKey: .successValue) {
            guard let data = Data(base64Encoded: base64) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .successValue, in: c, debugDescription: NearEncodingError.invalidBase64(what: "SuccessValue").description)
            }
            self = .successValue(Array(data))
        } else if let id = try c.decodeIfPresent(CryptoHash.self, forKey: .successReceiptId) {
            self = .successReceiptId(id)
        } else if c.contains(.failure) {
            self = .failure(try c.decode(JSONValue.self, forKey: .failure))
        } else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "execution status has none of Failure, SuccessValue, SuccessReceiptId"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .unknown:
            var c = encoder.singleValueContainer()
            try c.encode("Unknown")
        case .failure(let details):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(details, forKey: .failure)
        case .successValue(let value):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(Data(value).base64EncodedString(), forKey: .successValue)
        case .successReceiptId(let id):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .successReceiptId)
        }
    }
}
