/// Where the node's payment ledgers get their monotonic counters (§6.1). Each channel's ledger
/// is bound to a counter of its own: a ledger commits a change only if the counter's increment
/// returns exactly the value it wrote, so two ledgers sharing one counter would make each other
/// stale.
public protocol ChannelCounters: Sendable {
    /// The counter bound to the ledger named `ledger` (a file name); the same one every time.
    func counter(for ledger: String) async throws -> any MonotonicCounter
}
