import NearLightClient

/// `query call_function`: the bytes the view method returned (`value_return`), its logs, and
/// the block whose state it read.
public struct FunctionCallResult: Hashable, Sendable, Decodable {
    public var result: [UInt8]
    public var logs: [String]
    public var blockHeight: UInt64
    public var blockHash: CryptoHash

    enum CodingKeys: String, CodingKey {
        case result, logs
        case blockHeight = "block_height"
        case blockHash = "block_hash"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        result = try c.decode([UInt8].self, forKey: .result)
        logs = try c.decodeIfPresent([String].self, forKey: .logs) ?? []
        blockHeight = try c.nearU64(.blockHeight)
        blockHash = try c.decode(CryptoHash.self, forKey: .blockHash)
    }

    /// The result as UTF-8 text (contracts usually return JSON).
    public var text: String { String(decoding: result, as: UTF8.self) }
}

/// Older nodes answer a failed view call with a result holding `error` instead of an error
/// envelope; this reads either shape.
enum FunctionCallAnswer: Decodable {
    case value(FunctionCallResult)
    case failed(String)

    enum CodingKeys: String, CodingKey { case error }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let message = try c.decodeIfPresent(String.self, forKey: .error) {
            self = .failed(message)
        } else {
            self = .value(try FunctionCallResult(from: decoder))
        }
    }
}
