/// Why the SDK refused a node or a response. Each case says what was expected.
public enum DCMLClientError: Error, Sendable, Equatable, CustomStringConvertible {
    case badURL(String)
    case http(status: Int, body: String)
    case malformedReport(String)
    case reportRejected(String)
    case wrongModel(expected: String, found: String)
    case unidentifiedModel
    case badSignature(String)
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .badURL(let u): "\(u) is not a node URL: expected https://HOST:PORT"
        case let .http(s, b): "the node answered HTTP \(s): \(b.prefix(500))"
        case .malformedReport(let s): "the attestation report is malformed: \(s)"
        case .reportRejected(let s): "the attestation report is rejected: \(s)"
        case let .wrongModel(e, f): "the node serves model \(f), expected \(e)"
        case .unidentifiedModel: "the node does not identify its model (modelH is all zeros): expected a model hash"
        case .badSignature(let s): "the response signature does not verify: \(s)"
        case .malformedResponse(let s): "the response is malformed: \(s)"
        }
    }
}
