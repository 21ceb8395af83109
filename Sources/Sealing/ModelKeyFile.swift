import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The key file that `dcml model keygen` writes: the secret key as 64 lowercase hex digits and a
/// newline, mode 0600.
///
/// Written so that the secret is never readable by others, not even briefly, and never half
/// written: a temporary file is created beside the destination with O_CREAT|O_EXCL and mode 0600,
/// filled, fsynced, then *linked* to the final name (link fails if the name exists, so an existing
/// key — perhaps the only copy of a model's key — is never replaced) and the temporary name removed.
public enum ModelKeyFile {
    public static func write(_ key: ModelSecretKey, to path: String) throws(SealingError) {
        if FileManager.default.fileExists(atPath: path) { throw .keyFileExists(path) }
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().path
        let temporary = parent + "/." + url.lastPathComponent + ".partial-" + String(UInt32.random(in: .min ... .max), radix: 16)
        let fd = try FileDescriptor(path: temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        defer { unlink(temporary) }
        // 65 bytes of hex text in zeroing storage.
        let text = SecretBytes(count: 65)
        key.withUnsafeSecretBytes { raw in
            let digits = Array("0123456789abcdef".utf8)
            for i in 0..<32 {
                text.bytes[2 * i] = digits[Int(raw[i] >> 4)]
                text.bytes[2 * i + 1] = digits[Int(raw[i] & 0x0f)]
            }
            text.bytes[64] = 0x0a
        }
        guard fchmod(fd.fd, 0o600) == 0 else { throw .io(path: temporary, operation: "chmod", errno: errno) }
        try text.withUnsafeBytes { raw throws(SealingError) in try fd.write(raw, at: 0) }
        try fd.sync()
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { throw .keyFileExists(path) }
            throw .io(path: path, operation: "create", errno: errno)
        }
        let dfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    /// Reads a key file, refusing one that group or others may read (as ssh does).
    public static func read(_ path: String) throws(SealingError) -> ModelSecretKey {
        let fd = try FileDescriptor.reading(path)
        let mode = try fd.status().mode
        guard mode & 0o077 == 0 else { throw .keyFileTooOpen(path: path, mode: mode) }
        let buffer = SecretBytes(count: 256)
        let n = try fd.read(into: buffer.bytes, at: 0)
        var end = n
        while end > 0, [0x0a, 0x0d, 0x20, 0x09].contains(buffer.bytes[end - 1]) { end -= 1 }
        guard end == 64 else { throw .malformedKeyFile(path: path, reason: n == 256 ? "too long" : "\(end) characters") }
        do {
            return try ModelSecretKey(hexUTF8: UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<64]))
        } catch {
            throw .malformedKeyFile(path: path, reason: "not 64 hex digits")
        }
    }
}
