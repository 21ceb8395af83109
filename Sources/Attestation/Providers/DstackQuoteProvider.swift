import Foundation

/// Quotes from a dstack guest agent (HTTP over the Unix socket `/var/run/dstack.sock`):
/// `POST /GetQuote {"report_data": hex}` → `{"quote": hex, "event_log": json}`, and
/// `POST /EmitEvent {"event": name, "payload": hex}` to extend RTMR3 through the agent's event log,
/// and `POST /GetKey {"path", "purpose"}` → `{"key": hex}` for keys bound to the application.
public struct DstackQuoteProvider: QuoteProvider {
    public let socketPath: String

    public init(socketPath: String = "/var/run/dstack.sock") { self.socketPath = socketPath }

    public var name: String { "dstack" }
    public var tee: TEEKind { .tdx }
    public var isAvailable: Bool {
        var st = stat()
        return stat(socketPath, &st) == 0 && (st.st_mode & S_IFMT) == S_IFSOCK
    }

    private func call(_ path: String, _ body: [String: String]) throws -> [String: Any] {
        let json = try JSONSerialization.data(withJSONObject: body)
        let r = try UnixSocketHTTP.post(socketPath: socketPath, path: path, json: [UInt8](json))
        guard r.status == 200 else {
            throw QuoteProviderError.badResponse(provider: name, reason: "\(path) returned HTTP \(r.status): \(String(decoding: r.body.prefix(200), as: UTF8.self))")
        }
        if r.body.isEmpty { return [:] }
        guard let o = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any] else {
            throw QuoteProviderError.badResponse(provider: name, reason: "\(path) body is not a JSON object")
        }
        return o
    }

    public func quote(reportData: [UInt8]) async throws -> [UInt8] {
        guard reportData.count <= 64 else { throw QuoteProviderError.reportDataTooLong(reportData.count) }
        let o = try call("/GetQuote", ["report_data": Hex.encode(reportData)])
        guard let q = o["quote"] as? String, let bytes = Hex.decode(q) else {
            throw QuoteProviderError.badResponse(provider: name, reason: "GetQuote response has no hex 'quote'")
        }
        return bytes
    }

    public func extendRTMR3(event: String, payload: [UInt8]) async throws -> EventLogEntry {
        _ = try call("/EmitEvent", ["event": event, "payload": Hex.encode(payload)])
        return EventLogEntry(runtimeEvent: event, payload: payload)
    }

    public func eventLog() async throws -> EventLog {
        let o = try call("/GetQuote", ["report_data": Hex.encode([UInt8](repeating: 0, count: 64))])
        guard let text = o["event_log"] as? String else { return EventLog() }
        return try EventLog(json: text)
    }

    /// A key the agent derives from the TEE's sealing secret for this application and `path`: the
    /// same on every start of the same workload, unknown to the host.
    public func deriveKey(path: String) throws -> [UInt8] {
        let o = try call("/GetKey", ["path": path, "purpose": "dcml"])
        guard let k = o["key"] as? String, let bytes = Hex.decode(k), bytes.count >= 32 else {
            throw QuoteProviderError.badResponse(provider: name, reason: "GetKey response has no hex 'key' of at least 32 bytes")
        }
        return bytes
    }
}
