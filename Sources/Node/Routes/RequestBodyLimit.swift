import Hummingbird

/// Reads a request body up to a limit. A declared `Content-Length` over the limit is refused
/// before reading anything; a chunked body is counted as it arrives and refused the moment it
/// passes the limit, so no client can make the node buffer more than `maxBytes`.
struct RequestBodyLimit {
    let maxBytes: Int

    func collect(_ request: inout Request) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw APIError.bodyTooLarge(limit: maxBytes)
        }
        do {
            return try await request.collectBody(upTo: maxBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.bodyTooLarge(limit: maxBytes)
        }
    }
}
