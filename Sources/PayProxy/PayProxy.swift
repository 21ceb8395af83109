import DCMLClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import Payments

/// A local, plain-HTTP OpenAI-compatible server in front of a paid node (`dcml pay-proxy`): an
/// unmodified OpenAI client pointed at it gets completions from the RA-TLS-verified node, each
/// request paid with a voucher of `session`, each answer's signature and model hash checked, the
/// channel's totals kept in the session's journal. Whole responses carry the channel's spent in
/// `X-DCML-Channel-Spent`; streams (`stream: true`) are passed on as they arrive. It serves the payer on loopback only: whoever
/// reaches it spends the channel.
public struct PayProxy: Sendable {
    public let session: PaidSession
    /// `max_tokens` added to requests that carry none: the voucher must cap the completion.
    public let defaultMaxTokens: Int
    public let maxBodyBytes: Int

    public init(session: PaidSession, defaultMaxTokens: Int = 256, maxBodyBytes: Int = 1 << 20) {
        self.session = session
        self.defaultMaxTokens = defaultMaxTokens
        self.maxBodyBytes = maxBodyBytes
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ProxyErrorMiddleware())
        router.get("/v1/models") { _, _ in
            let ids = try await session.client.models()
            let list: [String: Any] = ["object": "list", "data": ids.map { ["id": $0, "object": "model", "owned_by": "dcml"] }]
            return Self.json(.ok, Array(try JSONSerialization.data(withJSONObject: list)), headers: [:])
        }
        router.post("/v1/chat/completions") { request, _ in
            let body = Array(buffer: try await request.body.collect(upTo: maxBodyBytes))
            if (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["stream"] as? Bool == true {
                return try await streamed(body)
            }
            let paid = try await session.complete(chatRequest: body, defaultMaxTokens: defaultMaxTokens)
            let remaining = session.facts.deposit - paid.spent
            return Self.json(.ok, paid.response.body, headers: [
                HTTPFields.Element.Name("X-DCML-Signature")!: paid.response.signature,
                HTTPFields.Element.Name("X-DCML-Channel-Spent")!: "\(paid.spent)",
                HTTPFields.Element.Name("X-DCML-Channel-Remaining")!: "\(remaining)",
            ])
        }
        router.post("/v1/completions") { _, _ -> Response in
            throw ProxyError(status: .badRequest, type: "invalid_request_error", code: "unsupported_endpoint",
                             message: "dcml pay-proxy forwards /v1/chat/completions and /v1/models; expected a chat completion request")
        }
        return router
    }

    /// The proxy on `host:port` (0: any free port; `onListening` gets the bound one).
    public func application(host: String, port: Int, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "dcml-pay-proxy"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    static func json(_ status: HTTPResponse.Status, _ body: [UInt8], headers: HTTPFields) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        fields[.contentLength] = "\(body.count)"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
