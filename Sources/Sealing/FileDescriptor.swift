#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file, closed when dropped; positional reads and writes that loop until done, so that
/// worker threads can share one descriptor (pread/pwrite carry their own offsets).
final class FileDescriptor: @unchecked Sendable {
    let fd: Int32
    let path: String

    init(path: String, flags: Int32, mode: mode_t = 0) throws(SealingError) {
        let fd = open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        self.fd = fd
        self.path = path
    }

    static func reading(_ path: String) throws(SealingError) -> FileDescriptor {
        try FileDescriptor(path: path, flags: O_RDONLY)
    }

    deinit { close(fd) }

    var size: UInt64 {
        get throws(SealingError) { try status().size }
    }

    /// Size, modification time and mode (to notice a file that changes while it is read).
    func status() throws(SealingError) -> (size: UInt64, modified: Int, changedNanos: Int, mode: UInt32) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(path: path, operation: "stat", errno: errno) }
        return (UInt64(st.st_size), Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec), UInt32(st.st_mode))
    }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(SealingError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 { if errno == EINTR { continue }; throw .io(path: path, operation: "read", errno: errno) }
            if n == 0 { break }
            done += n
        }
        return done
    }

    func write(_ buffer: UnsafeRawBufferPointer, at offset: UInt64) throws(SealingError) {
        var done = 0
        while done < buffer.count {
            let n = pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 { if errno == EINTR { continue }; throw .io(path: path, operation: "write", errno: errno) }
            done += n
        }
    }

    func write(_ bytes: [UInt8], at offset: UInt64) throws(SealingError) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        defer { copy.deallocate() }
        copy.copyBytes(from: bytes)
        try write(UnsafeRawBufferPointer(rebasing: copy[0..<bytes.count]), at: offset)
    }

    /// Up to `count` bytes at `offset` (fewer at end of file).
    func read(count: Int, at offset: UInt64) throws(SealingError) -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, count), alignment: 16)
        defer { buffer.deallocate() }
        let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]), at: offset)
        return Array(buffer[0..<n])
    }

    func truncate(to size: UInt64) throws(SealingError) {
        guard ftruncate(fd, off_t(size)) == 0 else { throw .io(path: path, operation: "resize", errno: errno) }
    }

    func sync() throws(SealingError) {
        guard fsync(fd) == 0 else { throw .io(path: path, operation: "fsync", errno: errno) }
    }

    /// Tells the kernel the file is read front to back (bigger read-ahead).
    func adviseSequential() {
        #if canImport(Glibc)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
    }
}

extension FileDescriptor {
    /// Reads `first.count + second.count` bytes at `offset` into two buffers with one `preadv`
    /// (a chunk's ciphertext straight into its destination, its tag beside); returns the bytes read.
    func read(into first: UnsafeMutableRawBufferPointer, _ second: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(SealingError) -> Int {
        var vectors = [iovec(iov_base: first.baseAddress, iov_len: first.count), iovec(iov_base: second.baseAddress, iov_len: second.count)]
        var n: Int
        repeat { n = preadv(fd, &vectors, 2, off_t(offset)) } while n < 0 && errno == EINTR
        guard n >= 0 else { throw .io(path: path, operation: "read", errno: errno) }
        if n == first.count + second.count || n == 0 { return n }
        // Short read: finish piecewise.
        var done = n
        if done < first.count {
            done += try read(into: UnsafeMutableRawBufferPointer(rebasing: first[done...]), at: offset + UInt64(done))
            if done < first.count { return done }
        }
        let inSecond = done - first.count
        done += try read(into: UnsafeMutableRawBufferPointer(rebasing: second[inSecond...]), at: offset + UInt64(done))
        return done
    }
}
