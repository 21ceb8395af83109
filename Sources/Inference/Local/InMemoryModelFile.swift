#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A model file that exists only in memory: an anonymous Linux `memfd`, filled through a writable
/// mapping and opened by the engine through `/proc/self/fd/N` like any GGUF file.
///
/// Why: a sealed model is decrypted inside the node, and its plaintext must never reach a disk,
/// yet the engine computes on a mapped GGUF file (``GGUFFile``). A memfd has no name in any
/// filesystem and lives in RAM, so the engine maps it without a copy and nothing else can open it.
/// The engine that loads it keeps it alive; when the last reference goes, the bytes are zeroed
/// (the confidential weights) before the memory is released.
public final class InMemoryModelFile: @unchecked Sendable {
    /// Where the caller writes the plaintext; valid while `self` is alive.
    public let bytes: UnsafeMutableRawBufferPointer
    /// A path that opens this file (the process's own descriptor).
    public let path: String
    private let fd: Int32

    /// An empty file of `size` bytes (zero-filled), writable through ``bytes``.
    public init(size: Int, name: String = "dcml-model") throws(InMemoryModelFileError) {
        guard size > 0 else { throw .empty }
        let fd = try Self.memfd(name)
        guard ftruncate(fd, off_t(size)) == 0 else {
            let e = errno
            close(fd)
            throw .system(operation: "ftruncate to \(size) bytes", errno: e)
        }
        guard let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), base != MAP_FAILED else {
            let e = errno
            close(fd)
            throw .system(operation: "mmap of \(size) bytes", errno: e)
        }
        self.fd = fd
        self.bytes = UnsafeMutableRawBufferPointer(start: base, count: size)
        self.path = "/proc/self/fd/\(fd)"
    }

    deinit {
        #if canImport(Glibc)
        explicit_bzero(bytes.baseAddress!, bytes.count)
        #else
        memset_s(bytes.baseAddress!, bytes.count, 0, bytes.count)
        #endif
        munmap(bytes.baseAddress!, bytes.count)
        close(fd)
    }

    /// `memfd_create(name, MFD_CLOEXEC)`. glibc declares it only under _GNU_SOURCE, which Swift's
    /// Glibc module does not set, so it is looked up by name (glibc 2.27 and later).
    private static func memfd(_ name: String) throws(InMemoryModelFileError) -> Int32 {
        #if os(Linux)
        typealias MemfdCreate = @convention(c) (UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(nil, "memfd_create") else { throw .unsupported }
        let create = unsafeBitCast(symbol, to: MemfdCreate.self)
        let mfdCloexec: UInt32 = 1 // linux/memfd.h
        let fd = create(name, mfdCloexec)
        guard fd >= 0 else { throw .system(operation: "memfd_create", errno: errno) }
        return fd
        #else
        throw .unsupported
        #endif
    }
}

public enum InMemoryModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case unsupported
    case system(operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .empty: "an in-memory model file needs at least one byte"
        case .unsupported: "in-memory model files need Linux memfd_create (glibc 2.27 or later)"
        case let .system(operation, e): "\(operation) for an in-memory model file failed: \(String(cString: strerror(e)))"
        }
    }
}
