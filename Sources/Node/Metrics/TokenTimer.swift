/// Feeds the latency histograms while a completion streams out: the first piece of text
/// gives time to first token, each later one the time since the previous piece.
struct TokenTimer {
    let metrics: NodeMetrics
    let start: ContinuousClock.Instant
    private var last: ContinuousClock.Instant?

    init(metrics: NodeMetrics, start: ContinuousClock.Instant) {
        self.metrics = metrics
        self.start = start
    }

    mutating func tick() {
        let now = ContinuousClock.now
        if let last {
            metrics.timePerOutputToken.record(now - last)
        } else {
            metrics.timeToFirstToken.record(now - start)
        }
        last = now
    }
}
