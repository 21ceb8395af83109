import Foundation

/// Quotes from the Linux configfs-tsm interface (`/sys/kernel/config/tsm/report`, kernel ≥ 6.7).
///
/// Protocol: create a report directory, read `generation`, write the report data to `inblob`, read
/// `outblob`, and check that `generation` advanced by exactly one — otherwise another writer raced us
/// and the outblob may belong to its report data. RTMR3 is extended through the TDX guest driver's
/// `measurements/rtmr3:sha384` file where the kernel provides it (≥ 6.16).
public struct ConfigFSTSMQuoteProvider: QuoteProvider {
    public let basePath: String
    public let reportName: String
    public let rtmr3Path: String
    public let eventLogPath: String

    public init(basePath: String = "/sys/kernel/config/tsm/report", reportName: String = "dcml",
                rtmr3Path: String = "/sys/class/misc/tdx_guest/measurements/rtmr3:sha384",
                eventLogPath: String = "/run/dcml/runtime_events.json") {
        self.basePath = basePath
        self.reportName = reportName
        self.rtmr3Path = rtmr3Path
        self.eventLogPath = eventLogPath
    }

    public var name: String { "configfs-tsm" }
    public var tee: TEEKind { .tdx }
    public var isAvailable: Bool { FileManager.default.fileExists(atPath: basePath) }

    private var dir: String { "\(basePath)/\(reportName)" }

    public func quote(reportData: [UInt8]) async throws -> [UInt8] {
        guard reportData.count <= 64 else { throw QuoteProviderError.reportDataTooLong(reportData.count) }
        let fm = FileManager.default
        if !fm.fileExists(atPath: dir) {
            do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: false) } catch {
                throw QuoteProviderError.io(provider: name, path: dir, reason: "\(error)")
            }
        }
        if let provider = try? String(contentsOfFile: "\(dir)/provider", encoding: .utf8), !provider.contains("tdx") {
            throw QuoteProviderError.unavailable(provider: name, reason: "configfs-tsm provider is \(provider.trimmingCharacters(in: .whitespacesAndNewlines)), not tdx_guest")
        }
        for _ in 0 ..< 3 {
            let before = try generation()
            try write(Data(reportData.padded(to: 64)), to: "\(dir)/inblob")
            guard let out = fm.contents(atPath: "\(dir)/outblob"), !out.isEmpty else {
                throw QuoteProviderError.io(provider: name, path: "\(dir)/outblob", reason: "empty or unreadable")
            }
            let after = try generation()
            if after == before + 1 { return [UInt8](out) }
        }
        let g = try generation()
        throw QuoteProviderError.generationRace(expected: g, found: g)
    }

    private func generation() throws -> Int {
        guard let s = try? String(contentsOfFile: "\(dir)/generation", encoding: .utf8),
              let g = Int(s.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw QuoteProviderError.io(provider: name, path: "\(dir)/generation", reason: "unreadable")
        }
        return g
    }

    private func write(_ data: Data, to path: String) throws {
        guard let fh = FileHandle(forWritingAtPath: path) else { throw QuoteProviderError.io(provider: name, path: path, reason: "cannot open for writing") }
        defer { try? fh.close() }
        do { try fh.write(contentsOf: data) } catch { throw QuoteProviderError.io(provider: name, path: path, reason: "\(error)") }
    }

    public func extendRTMR3(event: String, payload: [UInt8]) async throws -> EventLogEntry {
        guard FileManager.default.fileExists(atPath: rtmr3Path) else {
            throw QuoteProviderError.unsupported(provider: name, operation: "RTMR3 extension (no \(rtmr3Path) on this kernel)")
        }
        let entry = EventLogEntry(runtimeEvent: event, payload: payload)
        var log = (try? await eventLog()) ?? EventLog()
        try write(Data(entry.digest), to: rtmr3Path)
        log.entries.append(entry)
        let url = URL(fileURLWithPath: eventLogPath)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Write to a temporary file and rename so a reader never sees a half-written log.
        let tmp = url.appendingPathExtension("tmp")
        try Data(log.jsonString().utf8).write(to: tmp)
        _ = try FileManager.default.replaceItemAt(url, withItemAt: tmp)
        return entry
    }

    public func eventLog() async throws -> EventLog {
        guard let d = FileManager.default.contents(atPath: eventLogPath) else { return EventLog() }
        return try EventLog(json: String(decoding: d, as: UTF8.self))
    }
}
