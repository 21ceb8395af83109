import Foundation
import NearLightClient

/// Writes a NEAR credentials file the way a secret must be written: created new with mode
/// 0600 (never replacing a file, which could hold a live key), fully written and fsynced under a
/// temporary name, then linked into place.
enum CredentialsWriter {
    static func save(_ keyFile: KeyFile, to url: URL) throws {
        guard !FileManager.default.fileExists(atPath: url.path) else {
            throw ChainCommandError("\(url.path) exists; refusing to overwrite a credentials file (choose another --out)")
        }
        let directory = url.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var bytes = Array(try encoder.encode(keyFile))
        defer { for i in bytes.indices { bytes[i] = 0 } }
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw ChainCommandError("cannot create \(temporary.path): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0 else {
            unlink(temporary.path)
            throw ChainCommandError("cannot write \(temporary.path): \(String(cString: strerror(errno)))")
        }
        // link() fails if the target appeared meanwhile, so nothing is ever replaced.
        guard link(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw ChainCommandError("cannot create \(url.path): \(reason)")
        }
        unlink(temporary.path)
    }
}
