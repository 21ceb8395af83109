import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SIMULATED: the simulated TEE's stand-in for a TDX/TPM non-volatile counter that survives a
/// restart of the node: a 24-byte file, rewritten in place and `fdatasync`ed on every increment.
/// Like the real counter it must live outside what a host snapshots and restores with the node
/// (outside the ledger directory); unlike it, it protects nothing against a real host, who can
/// rewrite the file at will. For development and tests, where it says SIMULATED everywhere.
///
/// File: `DCMLCTR1` ‖ value (8 bytes, big-endian) ‖ the first 8 bytes of SHA-256 of the 16
/// before, so a damaged file is refused (`CounterError.corruptFile`) rather than read as a smaller
/// value.
public actor SimulatedNonVolatileCounter: MonotonicCounter {
    public let path: String
    private var value: UInt64

    private static let magic = Array("DCMLCTR1".utf8)
    private static let fileLength = 24

    /// Opens the counter file at `path`, creating it at zero (durably) if there is none.
    public init(path: String) throws(CounterError) {
        self.path = path
        if !AtomicFile.exists(path) {
            do { try AtomicFile.replace(path, with: Self.encode(0)) } catch { throw .file(path: path, reason: error.description) }
        }
        let bytes: [UInt8]
        do { bytes = try AtomicFile.contents(of: path) } catch { throw .file(path: path, reason: error.description) }
        value = try Self.decode(bytes, path: path)
    }

    public func current() -> UInt64 { value }

    /// Returns once the new value is on disk. The file is opened per increment, so a bank of
    /// thousands of counters holds no file descriptors.
    public func increment() throws(CounterError) -> UInt64 {
        guard value < .max else { throw .file(path: path, reason: "the counter is at its maximum") }
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .file(path: path, reason: "open failed with errno \(errno)") }
        defer { close(fd) }
        do { try AtomicFile.write(Self.encode(value + 1), to: fd, at: 0, path: path) } catch {
            throw .file(path: path, reason: error.description)
        }
        guard fdatasync(fd) == 0 else { throw .file(path: path, reason: "fdatasync failed with errno \(errno)") }
        value += 1
        return value
    }

    private static func encode(_ value: UInt64) -> [UInt8] {
        let body = magic + value.bigEndianBytes
        return body + SHA256.hash(data: body).prefix(8)
    }

    private static func decode(_ bytes: [UInt8], path: String) throws(CounterError) -> UInt64 {
        guard bytes.count == fileLength else {
            throw .corruptFile(path: path, reason: "\(bytes.count) bytes, expected \(fileLength)")
        }
        guard Array(bytes[0..<8]) == magic else { throw .corruptFile(path: path, reason: "expected the magic DCMLCTR1") }
        let value = UInt64(bigEndian: bytes[8..<16])
        guard encode(value) == bytes else { throw .corruptFile(path: path, reason: "the checksum does not match the value \(value)") }
        return value
    }
}
