import Foundation
import Payments

/// SIMULATED: the simulated TEE's bank of counters, one per ledger, standing in for TDX/TPM
/// non-volatile counters. It protects nothing against a real host; the simulated TEE is for
/// development and tests.
///
/// - `SimulatedChannelCounters(directory:)` keeps each counter in a file of its own
///   (`SimulatedNonVolatileCounter`, `<ledger>.counter`) in `directory`, so the counters survive a
///   node restart: a restarted node with the same directory loads its ledgers fresh. The directory
///   must lie outside the ledger directory — as a TDX/TPM counter lies outside the VM's disk — so
///   restoring a copy of the ledgers leaves the counters where they were, and the copy is stale.
/// - `SimulatedChannelCounters()` keeps them in the process's memory: a restarted process starts
///   them at zero (every ledger it finds is then stale). For tests that restart only the service.
public actor SimulatedChannelCounters: ChannelCounters {
    private let directory: String?
    private var counters: [String: any MonotonicCounter] = [:]

    /// Counters in memory.
    public init() {
        directory = nil
    }

    /// Counters in files in `directory` (created, owner-only, if missing).
    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        self.directory = directory
    }

    public func counter(for ledger: String) throws -> any MonotonicCounter {
        if let counter = counters[ledger] { return counter }
        let counter: any MonotonicCounter
        if let directory {
            counter = try SimulatedNonVolatileCounter(path: directory + "/" + ledger + ".counter")
        } else {
            counter = SimulatedHardwareCounter()
        }
        counters[ledger] = counter
        return counter
    }
}
