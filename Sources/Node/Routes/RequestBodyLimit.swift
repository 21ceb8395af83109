import Hummingbird

/// Reads a request body up to a limit. A declared `Content-Length` over the limit is refused
/// before reading anything; a chunked body is counted as it arrives and refused the moment it
/// passes the limit, so no client can make the node buffer more than `maxBytes`.
struct RequestBodyLimit {
    let maxBytes: Int

    func collect(_ request: inout Request) async throws -> ByteBuffer {
        try await limited(request.headers) { try await request.collectBody(upTo: maxBytes) }
    }

    /// Reads the body without storing it back into the request, so the caller holds the only
    /// reference and can wipe it in place (set_sk, whose body is a secret key).
    func collectUnshared(_ request: Request) async throws -> ByteBuffer {
        try await limited(request.headers) { try await request.body.collect(upTo: maxBytes) }
    }

    private func limited(_ headers: HTTPFields, _ read: () async throws -> ByteBuffer) async throws -> ByteBuffer {
        if let declared = headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw APIError.bodyTooLarge(limit: maxBytes)
        }
        do {
            return try await read()
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.bodyTooLarge(limit: maxBytes)
        }
    }
}
