#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file replacement that never leaves a half-written file: write `path.tmp`, fsync it,
/// rename it over `path`, fsync the directory so the rename itself survives a crash. Also the
/// plain reads and positioned writes the ledger's log and the simulated counters build on.
/// Public for the payer's channel store, which needs the same guarantee.
public enum AtomicFile {
    public static func replace(_ path: String, with bytes: [UInt8]) throws(LedgerError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: temporary, operation: "open", errno: errno) }
        do { try write(bytes, to: fd, at: 0, path: temporary) } catch {
            close(fd)
            throw error
        }
        guard fsync(fd) == 0 else {
            let error = errno
            close(fd)
            throw .io(path: temporary, operation: "fsync", errno: error)
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw .io(path: path, operation: "rename", errno: errno) }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let directoryFD = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryFD >= 0 else { throw .io(path: directory, operation: "open directory", errno: errno) }
        defer { close(directoryFD) }
        guard fsync(directoryFD) == 0 else { throw .io(path: directory, operation: "fsync directory", errno: errno) }
    }

    /// Writes all of `bytes` at `offset` of the open file `fd` (`path` names it in errors).
    static func write(_ bytes: [UInt8], to fd: Int32, at offset: Int, path: String) throws(LedgerError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                pwrite(fd, buffer.baseAddress! + written, buffer.count - written, off_t(offset + written))
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw .io(path: path, operation: "write", errno: errno) }
            written += result
        }
    }

    /// Removes `path` if it exists (best effort).
    static func remove(_ path: String) {
        unlink(path)
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func contents(of path: String) throws(LedgerError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .io(path: path, operation: "read", errno: errno) }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }
}
