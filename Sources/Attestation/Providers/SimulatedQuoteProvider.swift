import Foundation
import Synchronization

/// The simulated TEE as a quote provider: works on any machine, quotes carry RTMR3 replayed from the
/// events extended so far. Everything it produces verifies only when simulation is allowed.
public final class SimulatedQuoteProvider: QuoteProvider {
    public let simulator: SimulatedTEE
    private let log = Mutex(EventLog())

    public init(simulator: SimulatedTEE = SimulatedTEE()) { self.simulator = simulator }

    public var name: String { "simulated" }
    public var isAvailable: Bool { true }
    public var tee: TEEKind { .simulated }

    public func quote(reportData: [UInt8]) async throws -> [UInt8] { try quoteSync(reportData: reportData) }

    /// Synchronous form (no I/O is involved).
    public func quoteSync(reportData: [UInt8]) throws(QuoteProviderError) -> [UInt8] {
        guard reportData.count <= 64 else { throw .reportDataTooLong(reportData.count) }
        let rtmr3 = log.withLock { $0.replay(rtmr: 3) }
        return simulator.quote(reportData: reportData, rtmr3: rtmr3).rawBytes
    }

    @discardableResult
    public func extendRTMR3(event: String, payload: [UInt8]) async throws -> EventLogEntry { extendRTMR3Sync(event: event, payload: payload) }

    @discardableResult
    public func extendRTMR3Sync(event: String, payload: [UInt8]) -> EventLogEntry {
        log.withLock { $0.append(event: event, payload: payload) }
    }

    public func eventLog() async throws -> EventLog { log.withLock { $0 } }
}

