import Foundation
import Payments

/// The payer's channels on disk, one JSON file per channel, `<contract>-<channel>.json` in
/// `$DCML_HOME/channels` (default `~/.config/dcml/channels`). Files are 0600 in a 0700 directory
/// and replaced atomically (write, fsync, rename), so a crash leaves the old or the new state,
/// never half of one. Nothing secret is stored (see ``StoredChannel``).
public struct ChannelStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `$DCML_HOME/channels`, or `~/.config/dcml/channels`.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ChannelStore {
        let home = environment["DCML_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSString(string: "~/.config/dcml").expandingTildeInPath)
        return ChannelStore(directory: home + "/channels")
    }

    public func path(contract: String, channel: UInt64) -> String { "\(directory)/\(contract)-\(channel).json" }

    public func save(_ stored: StoredChannel) throws(ChannelStoreError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .io(path: directory, reason: "\(error)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let path = path(contract: stored.contractID, channel: stored.channel)
        do { try AtomicFile.replace(path, with: Array(try encoder.encode(stored))) } catch {
            throw .io(path: path, reason: "\(error)")
        }
    }

    public func load(contract: String, channel: UInt64) throws(ChannelStoreError) -> StoredChannel {
        let path = path(contract: contract, channel: channel)
        guard FileManager.default.fileExists(atPath: path) else { throw .notFound(contract: contract, channel: channel, directory: directory) }
        return try read(path)
    }

    /// Every stored channel, ordered by contract and channel id.
    public func all() throws(ChannelStoreError) -> [StoredChannel] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var channels: [StoredChannel] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            channels.append(try read(directory + "/" + name))
        }
        return channels.sorted { ($0.contractID, $0.channel) < ($1.contractID, $1.channel) }
    }

    /// The open channel to use with the node at `nodeURL` attesting `composeHash`: `channel` when
    /// given, else the only open one (several: the caller must choose).
    public func openChannel(nodeURL: String, composeHash: String, channel: UInt64? = nil) throws(ChannelStoreError) -> StoredChannel {
        let candidates = try all().filter {
            $0.state == "open" && $0.nodeURL == nodeURL && $0.composeHash == composeHash && (channel == nil || $0.channel == channel)
        }
        guard let first = candidates.first else { throw .noOpenChannel(nodeURL: nodeURL, channel: channel) }
        guard candidates.count == 1 else { throw .ambiguous(nodeURL: nodeURL, channels: candidates.map(\.channel)) }
        return first
    }

    private func read(_ path: String) throws(ChannelStoreError) -> StoredChannel {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw .io(path: path, reason: error.localizedDescription) }
        do { return try JSONDecoder().decode(StoredChannel.self, from: data) } catch {
            throw .malformed(path: path, reason: "\(error)")
        }
    }
}

/// A ``PaidSessionJournal`` that keeps a stored channel's totals current on disk.
public final class StoredChannelJournal: PaidSessionJournal, @unchecked Sendable {
    public let store: ChannelStore
    private let lock = NSLock()
    private var stored: StoredChannel

    public init(store: ChannelStore, channel: StoredChannel) {
        self.store = store
        stored = channel
    }

    public var channel: StoredChannel { lock.withLock { stored } }

    public func record(_ totals: SessionTotals) throws {
        try lock.withLock {
            var next = stored
            next.totals = totals
            try store.save(next)
            stored = next
        }
    }
}

/// Why the payer's channel store could not give or keep a channel.
public enum ChannelStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(contract: String, channel: UInt64, directory: String)
    case noOpenChannel(nodeURL: String, channel: UInt64?)
    case ambiguous(nodeURL: String, channels: [UInt64])
    case malformed(path: String, reason: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let contract, let channel, let directory):
            return "no channel \(channel) of \(contract) in \(directory); expected one opened with `dcml channel open` (set DCML_HOME if it lives elsewhere)"
        case .noOpenChannel(let nodeURL, let channel):
            let which = channel.map { "open channel \($0)" } ?? "open channel"
            return "\(nodeURL) is a paid node and the channel store has no \(which) with it; run `dcml channel open --node \(nodeURL) --deposit NEAR --key KEYFILE --rpc URL` first"
        case .ambiguous(let nodeURL, let channels):
            return "several open channels with \(nodeURL) (\(channels.map(String.init).joined(separator: ", "))); choose one with --channel"
        case .malformed(let path, let reason):
            return "\(path) is not a stored channel: \(reason)"
        case .io(let path, let reason):
            return "cannot use \(path): \(reason)"
        }
    }
}
