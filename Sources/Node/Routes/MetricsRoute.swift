import Hummingbird

/// `GET /metrics` in Prometheus' text format.
struct MetricsRoute: Sendable {
    let metrics: NodeMetrics

    func register(on router: Router<NodeRequestContext>) {
        router.get("/metrics") { _, _ in
            let body = ByteBuffer(bytes: metrics.exposition())
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .contentLength: "\(body.readableBytes)"],
                body: .init(byteBuffer: body)
            )
        }
    }
}
