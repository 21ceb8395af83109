import Payments

/// Where the node's payment ledgers get their monotonic counters (§6.1). Each channel's ledger
/// is bound to a counter of its own: a ledger commits a change only if the counter's increment
/// returns exactly the value it wrote, so two ledgers sharing one counter would make each other
/// stale.
public protocol ChannelCounters: Sendable {
    /// The counter bound to the ledger named `ledger` (a file name); the same one every time.
    func counter(for ledger: String) async throws -> any MonotonicCounter
}

/// The simulated TEE's bank of `SimulatedHardwareCounter`s, one per ledger. It lives in the
/// node's process, outside the ledger directory, as a TDX/TPM counter lives outside the VM's disk:
/// restoring a snapshot of the directory leaves it where it was, so the restored ledgers are
/// stale. It protects nothing against a real host, and a restarted process starts it at zero
/// (every ledger it finds is then stale): the simulated TEE is for development and tests.
public actor SimulatedChannelCounters: ChannelCounters {
    private var counters: [String: SimulatedHardwareCounter] = [:]

    public init() {}

    public func counter(for ledger: String) -> any MonotonicCounter {
        if let counter = counters[ledger] { return counter }
        let counter = SimulatedHardwareCounter()
        counters[ledger] = counter
        return counter
    }
}
