import NIOCore
import NIOHTTP1

/// One verified RA-TLS connection. Requests run one at a time (HTTP/1.1 keep-alive); the peer's
/// attested identity is known before the first request.
public final class AttestedConnection {
    public let peer: AttestedPeer
    let host: String
    let port: Int
    var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>

    init(peer: AttestedPeer, host: String, port: Int,
         inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator,
         outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>) {
        self.peer = peer
        self.host = host
        self.port = port
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Sends `request` and hands the response head, then each body part as it arrives, to the callbacks.
    public func send(_ request: AttestedHTTPRequest,
                     onHead: (HTTPResponseHead) async throws -> Void,
                     onBody: (ByteBuffer) async throws -> Void) async throws {
        var headers = HTTPHeaders(request.headers)
        if !headers.contains(name: "host") { headers.add(name: "host", value: "\(host):\(port)") }
        headers.replaceOrAdd(name: "content-length", value: "\(request.body.count)")
        let head = HTTPRequestHead(version: .http1_1, method: request.method, uri: request.path, headers: headers)
        try await outbound.write(.head(head))
        if !request.body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: request.body)))) }
        try await outbound.write(.end(nil))
        var sawHead = false
        while let part = try await inbound.next() {
            switch part {
            case .head(let h):
                if h.status == .continue { continue }
                sawHead = true
                try await onHead(h)
            case .body(let b):
                try await onBody(b)
            case .end:
                guard sawHead else { throw AttestedHTTPError.truncated }
                return
            }
        }
        throw AttestedHTTPError.truncated
    }

    /// Sends `request` and collects the whole response (at most `maxBytes` of body).
    public func fetch(_ request: AttestedHTTPRequest, maxBytes: Int = 64 << 20) async throws -> AttestedHTTPResponse {
        var status = HTTPResponseStatus.ok
        var headers = HTTPHeaders()
        var body = [UInt8]()
        try await send(request, onHead: { h in status = h.status; headers = h.headers }, onBody: { part in
            guard body.count + part.readableBytes <= maxBytes else { throw AttestedHTTPError.tooLarge(maxBytes) }
            body += part.readableBytesView
        })
        return AttestedHTTPResponse(status: status, headers: headers, body: body)
    }
}

public struct AttestedHTTPRequest: Sendable {
    public var method: HTTPMethod
    public var path: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: HTTPMethod, path: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

public struct AttestedHTTPResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
}

public enum AttestedHTTPError: Error, Sendable, CustomStringConvertible {
    case truncated
    case tooLarge(Int)

    public var description: String {
        switch self {
        case .truncated: "the connection ended before the response was complete"
        case .tooLarge(let n): "the response body exceeds \(n) bytes"
        }
    }
}
