import Foundation

/// An ordered event log that can be replayed into RTMR values and compared with a quote.
///
/// The node appends its workload events (compose hash first) and extends RTMR3 with each; a verifier
/// replays the log, checks every runtime event's digest against its payload, and compares the
/// replayed RTMR3 with the quote's. Only then are the logged values (e.g. the compose hash) facts.
public struct EventLog: Sendable, Equatable, Codable {
    public var entries: [EventLogEntry]

    public init(entries: [EventLogEntry] = []) { self.entries = entries }

    /// Appends a runtime event for RTMR `imr` and returns the entry (whose digest the caller extends
    /// into the hardware register).
    @discardableResult
    public mutating func append(event name: String, payload: [UInt8], imr: UInt32 = 3) -> EventLogEntry {
        let e = EventLogEntry(runtimeEvent: name, payload: payload, imr: imr)
        entries.append(e)
        return e
    }

    /// Appends the compose-hash event for `appCompose` and returns the hash.
    @discardableResult
    public mutating func appendComposeHash(appCompose: [UInt8]) -> [UInt8] {
        let h = ComposeHash.of(appCompose: appCompose)
        append(event: ComposeHash.eventName, payload: h)
        return h
    }

    /// RTMR `index` as replayed from this log (zero when no entry extends it).
    public func replay(rtmr index: UInt32) -> [UInt8] {
        entries.filter { $0.imr == index }.reduce(RTMR.zero) { RTMR.extend($0, with: $1.digest) }
    }

    /// Checks that every runtime event's digest is SHA-384 of its type, name and payload.
    public func validateDigests() throws(EventLogError) {
        for (i, e) in entries.enumerated() {
            guard e.imr <= 3 else { throw .invalidIMR(index: i, imr: e.imr) }
            guard e.eventType == EventLogEntry.runtimeEventType else { continue }
            let computed = EventLogEntry.runtimeDigest(event: e.event, payload: e.eventPayload)
            guard computed == e.digest else {
                throw .digestMismatch(index: i, event: e.event, logged: Hex.encode(e.digest), computed: Hex.encode(computed))
            }
        }
    }

    /// Validates digests and checks the replayed RTMR3 against `report`'s.
    public func verify(against report: TDReport, rtmrs: [UInt32] = [3]) throws(EventLogError) {
        try validateDigests()
        for i in rtmrs {
            let replayed = replay(rtmr: i), quoted = report.rtmr(Int(i))
            guard replayed == quoted else { throw .rtmrMismatch(index: Int(i), replayed: Hex.encode(replayed), quoted: Hex.encode(quoted)) }
        }
    }

    /// The payload of the first runtime event named `name` on RTMR3: the one the launcher
    /// logged at boot. A workload can append its own events later, so a later event with the
    /// same name must never override it.
    public func payload(of name: String) -> [UInt8]? {
        entries.first { $0.imr == 3 && $0.eventType == EventLogEntry.runtimeEventType && $0.event == name }?.eventPayload
    }

    /// The compose hash logged in RTMR3 (trust it only after `verify(against:)`).
    public var composeHash: [UInt8]? { payload(of: ComposeHash.eventName) }

    /// dstack's wire form: a JSON array of entries.
    public func jsonString() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return String(decoding: (try? enc.encode(entries)) ?? Data("[]".utf8), as: UTF8.self)
    }

    public init(json: String) throws(EventLogError) {
        do { entries = try JSONDecoder().decode([EventLogEntry].self, from: Data(json.utf8)) } catch let e as EventLogError { throw e } catch {
            throw .malformed("\(error)")
        }
    }

    public init(from decoder: any Decoder) throws { entries = try [EventLogEntry](from: decoder) }
    public func encode(to encoder: any Encoder) throws { try entries.encode(to: encoder) }
}
