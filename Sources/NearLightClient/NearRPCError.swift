/// An error answer from a NEAR JSON-RPC server, or a document that is not a usable answer.
public enum NearRPCError: Error, Equatable, Sendable, CustomStringConvertible {
    case server(name: String?, code: Int64?, message: String, data: String?)
    case malformed(String)

    public var description: String {
        switch self {
        case .server(let name, let code, let message, let data):
            var text = "NEAR RPC error"
            if let name { text += " \(name)" }
            if let code { text += " (code \(code))" }
            text += ": \(message)"
            if let data { text += " — \(data)" }
            return text
        case .malformed(let reason):
            return "not a NEAR RPC result: \(reason)"
        }
    }
}
