import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file or directory written under a temporary name beside its destination and renamed into
/// place only once complete and fsynced, so that a failure or a crash never leaves a half-written
/// output under the real name. Dropped without ``commit()``, it removes what it wrote.
final class AtomicOutput {
    let destination: String
    let temporary: String
    let isDirectory: Bool
    private var committed = false

    /// Refuses an existing destination (rename would replace it silently).
    init(destination: String, directory: Bool) throws(SealingError) {
        self.destination = destination
        isDirectory = directory
        if FileManager.default.fileExists(atPath: destination) { throw .outputExists(destination) }
        let url = URL(fileURLWithPath: destination)
        let parent = url.deletingLastPathComponent().path
        temporary = parent + "/." + url.lastPathComponent + ".partial-" + String(UInt32.random(in: .min ... .max), radix: 16)
        if directory {
            guard mkdir(temporary, 0o700) == 0 else { throw .io(path: temporary, operation: "create directory", errno: errno) }
        }
    }

    /// Creates a file inside the output (at the output itself for a file output).
    func createFile(relativePath: String? = nil, mode: mode_t = 0o644) throws(SealingError) -> FileDescriptor {
        var path = temporary
        if let relativePath {
            path += "/" + relativePath
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw .io(path: parent, operation: "create directory", errno: EIO)
            }
        }
        let fd = try FileDescriptor(path: path, flags: O_WRONLY | O_CREAT | O_EXCL, mode: mode)
        _ = fchmod(fd.fd, mode)
        return fd
    }

    /// fsyncs `files`, renames into place and fsyncs the parent directory.
    func commit(syncing files: [FileDescriptor]) throws(SealingError) {
        for f in files { try f.sync() }
        if isDirectory { _ = chmod(temporary, 0o755) }
        // A directory rename onto an existing path could merge; re-check (link-free, best effort).
        if FileManager.default.fileExists(atPath: destination) { throw .outputExists(destination) }
        guard rename(temporary, destination) == 0 else { throw .io(path: destination, operation: "rename into", errno: errno) }
        committed = true
        let parent = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        let dfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(atPath: temporary) }
    }
}
