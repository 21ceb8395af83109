#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

/// One JSON-RPC request as NEAR nodes take it.
struct RPCRequest: Encodable {
    let jsonrpc = "2.0"
    let id = "dcml"
    let method: String
    let params: JSONValue
}

/// A response envelope: `result`, or `error` in NEAR's structured form
/// (`{"name", "cause": {"name", "info"}, "code", "message", "data"}`).
struct RPCResponse<T: Decodable>: Decodable {
    let result: T?
    let error: RPCErrorBody?
}

struct RPCErrorBody: Decodable {
    struct Cause: Decodable {
        let name: String
        let info: JSONValue?
    }

    let name: String?
    let cause: Cause?
    let message: String?
    let data: JSONValue?

    /// The most specific text: the cause's `error_message` where NEAR gives one, else `data`.
    func clientError(method: String) -> NearRPCClientError {
        var text: String?
        if case .object(let fields)? = cause?.info, case .string(let message)? = fields["error_message"] {
            text = message
        }
        if text == nil {
            switch data {
            case .string(let s)?: text = s
            case nil, .null?: text = nil
            case let other?:
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                text = (try? encoder.encode(other)).map { String(decoding: $0, as: UTF8.self) }
            }
        }
        return .server(method: method, name: name, cause: cause?.name, info: cause?.info, message: text ?? message ?? "(no message)")
    }
}
