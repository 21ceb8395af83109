/// Which kind of TEE produced a quote.
public enum TEEKind: String, Sendable, Codable {
    case tdx
    case simulated
}

/// A source of quotes for this machine. The node asks for a quote over 64 bytes of report data and
/// extends RTMR3 with its workload events; verifiers replay the event log the provider keeps.
public protocol QuoteProvider: Sendable {
    /// `simulated`, `configfs-tsm` or `dstack`.
    var name: String { get }
    var tee: TEEKind { get }
    /// Whether the provider can produce quotes on this machine now.
    var isAvailable: Bool { get }
    /// A raw quote whose REPORTDATA is `reportData` (at most 64 bytes, zero-padded).
    func quote(reportData: [UInt8]) async throws -> [UInt8]
    /// Logs a runtime event and extends RTMR3 with its digest.
    @discardableResult
    func extendRTMR3(event: String, payload: [UInt8]) async throws -> EventLogEntry
    /// The runtime event log so far (RTMR3 replays to the quote's RTMR3).
    func eventLog() async throws -> EventLog
}

/// Why a provider could not produce a quote.
public enum QuoteProviderError: Error, Equatable, Sendable, CustomStringConvertible {
    case reportDataTooLong(Int)
    case unavailable(provider: String, reason: String)
    case io(provider: String, path: String, reason: String)
    case generationRace(expected: Int, found: Int)
    case badResponse(provider: String, reason: String)
    case unsupported(provider: String, operation: String)

    public var description: String {
        switch self {
        case let .reportDataTooLong(n): return "report data is \(n) bytes, at most 64 allowed"
        case let .unavailable(p, r): return "quote provider \(p) is unavailable: \(r)"
        case let .io(p, path, r): return "quote provider \(p): \(path): \(r)"
        case let .generationRace(e, f): return "configfs-tsm report generation is \(f), expected \(e): another process used the report concurrently"
        case let .badResponse(p, r): return "quote provider \(p) returned a bad response: \(r)"
        case let .unsupported(p, op): return "quote provider \(p) does not support \(op)"
        }
    }
}

/// Picks the quote provider for this machine: a real TEE when present, otherwise the simulated one
/// (only when `allowSimulated`), and says which.
public enum QuoteProviders {
    public static func detect(allowSimulated: Bool, simulated: @autoclosure () -> SimulatedQuoteProvider = SimulatedQuoteProvider()) throws(QuoteProviderError) -> any QuoteProvider {
        let dstack = DstackQuoteProvider()
        if dstack.isAvailable { return dstack }
        let tsm = ConfigFSTSMQuoteProvider()
        if tsm.isAvailable { return tsm }
        guard allowSimulated else {
            throw .unavailable(provider: "tdx", reason: "no dstack socket at \(dstack.socketPath) and no configfs-tsm at \(tsm.basePath); pass allowSimulated to use the simulated TEE")
        }
        return simulated()
    }
}
