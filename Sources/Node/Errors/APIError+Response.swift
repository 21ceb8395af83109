import Hummingbird

extension APIError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The error as OpenAI sends it. The body is encoded by the node (not the framework), so
    /// its bytes are known exactly for response signing.
    func response() -> Response {
        let buffer = ResponseJSON.encode(body)
        let headers: HTTPFields = [.contentType: "application/json", .contentLength: "\(buffer.readableBytes)"]
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// `{"error": {...}}` with explicit nulls, as OpenAI sends them.
    var body: ErrorEnvelope { ErrorEnvelope(error: .init(message: message, type: type, param: param, code: code)) }
}

struct ErrorEnvelope: Encodable {
    struct Detail: Encodable {
        var message: String
        var type: String
        var param: String?
        var code: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(message, forKey: .message)
            try c.encode(type, forKey: .type)
            try c.encode(param, forKey: .param)
            try c.encode(code, forKey: .code)
        }

        enum CodingKeys: String, CodingKey { case message, type, param, code }
    }
    var error: Detail
}
