import Inference
import Prometheus

/// The node's Prometheus metrics, in a registry the node owns (served at `/metrics`).
public final class NodeMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let promptTokens: Counter
    let completionTokens: Counter
    let timeToFirstToken: DurationHistogram
    let timePerOutputToken: DurationHistogram

    /// 1 ms to 10 s, in the 1–2.5–5 steps Prometheus users expect.
    static let latencyBuckets: [Duration] = [
        .microseconds(1000), .microseconds(2500), .microseconds(5000), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        promptTokens = registry.makeCounter(descriptor: .init(
            namespace: "dcml", metricName: "prompt_tokens", unitName: "total",
            helpText: "Prompt tokens of finished completions."))
        completionTokens = registry.makeCounter(descriptor: .init(
            namespace: "dcml", metricName: "completion_tokens", unitName: "total",
            helpText: "Generated tokens of finished completions."))
        timeToFirstToken = registry.makeDurationHistogram(
            descriptor: .init(namespace: "dcml", metricName: "time_to_first_token", unitName: "seconds",
                              helpText: "From the request arriving to the first generated text leaving."),
            labels: [],
            buckets: Self.latencyBuckets)
        timePerOutputToken = registry.makeDurationHistogram(
            descriptor: .init(namespace: "dcml", metricName: "time_per_output_token", unitName: "seconds",
                              helpText: "Time between consecutive pieces of generated text."),
            labels: [],
            buckets: Array(Self.latencyBuckets.dropLast(2)))
    }

    /// Counts one answered request; `route` is the matched route pattern (bounded cardinality),
    /// never the raw path.
    func countRequest(route: String, status: Int) {
        registry.makeCounter(
            descriptor: .init(namespace: "dcml", metricName: "http_requests", unitName: "total",
                              helpText: "HTTP requests by route and status."),
            labels: [("route", route), ("status", String(status))]
        ).increment()
    }

    func countTokens(_ usage: TokenUsage) {
        promptTokens.increment(by: Int64(usage.promptTokens))
        completionTokens.increment(by: Int64(usage.completionTokens))
    }

    /// The Prometheus text exposition of everything above.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
