/// A counter nobody can turn back, §6.1: the node records the counter's value with every state
/// change of its channels, so a state restored from an older snapshot (of its disk or of the whole
/// VM's memory) carries an older value than the counter and is recognized as stale.
///
/// Implementations: `SimulatedHardwareCounter` and `SimulatedNonVolatileCounter` (the simulated
/// TEE's stand-ins for a TDX/TPM non-volatile counter, in memory and in a file) and
/// `ContractAnchoredCounter` (a counter kept in a contract on chain).
public protocol MonotonicCounter: Sendable {
    /// The counter's value now.
    func current() async throws -> UInt64
    /// Adds one and returns the new value. Concurrent callers each get a different value.
    func increment() async throws -> UInt64
}

/// A counter that misbehaved.
public enum CounterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The anchor reported a value below one it reported before.
    case wentBackwards(seen: UInt64, reported: UInt64)
    /// An increment did not move the counter past the value seen before it.
    case didNotAdvance(seen: UInt64, reported: UInt64)
    /// A simulated counter's file cannot be read or written.
    case file(path: String, reason: String)
    /// A simulated counter's file holds no valid counter.
    case corruptFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .wentBackwards(let seen, let reported):
            return "counter went backwards: reported \(reported) after \(seen); expected a monotonic value (stale or forged chain read?)"
        case .didNotAdvance(let seen, let reported):
            return "counter increment returned \(reported), expected more than \(seen)"
        case .file(let path, let reason):
            return "simulated counter file \(path): \(reason)"
        case .corruptFile(let path, let reason):
            return "simulated counter file \(path) is corrupt: \(reason); expected a file this node wrote (a counter cannot be recreated without making its ledger stale)"
        }
    }
}
