/// When blocks are made: every `interval` (a running devnet, empty blocks included, as NEAR),
/// or on demand — as soon as a transaction is pooled, batching whatever else arrives while the
/// block is built (tests and benchmarks; `sandbox_fast_forward` adds empty blocks).
public enum BlockProduction: Sendable, Equatable {
    case interval(Duration)
    case onDemand
}
