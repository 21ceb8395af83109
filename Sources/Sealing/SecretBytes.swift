#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Secret bytes in memory this type owns and zeroes when the last reference goes away.
///
/// A class, not a value: a struct of bytes would be copied freely (and each copy left behind
/// unzeroed), while one heap block that is never copied can be wiped once, in `deinit`.
/// Limits, honestly: the bytes are zeroed when dropped, not locked in RAM (they may be swapped
/// out), and copies that other libraries make while using them (swift-crypto's own key objects,
/// which zero themselves too; BoringSSL's expanded AES key schedule, which ``ChunkCipher`` wipes)
/// are outside this class. Never put the bytes in a `String`, `Array` or `Data`.
public final class SecretBytes: @unchecked Sendable {
    /// The storage (at least one byte, so that an empty secret still has an address); valid while
    /// `self` is alive. Do not let the pointer escape.
    public let bytes: UnsafeMutableRawBufferPointer
    /// The secret's length.
    public let count: Int

    /// `count` zero bytes, to be filled in place.
    public init(count: Int) {
        bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        bytes.initializeMemory(as: UInt8.self, repeating: 0)
        self.count = count
    }

    /// Copies `source` (the caller then wipes its own copy).
    public convenience init(copying source: UnsafeRawBufferPointer) {
        self.init(count: source.count)
        if source.count > 0 { bytes.baseAddress!.copyMemory(from: source.baseAddress!, byteCount: source.count) }
    }

    /// The bytes as a read-only buffer of exactly `count` bytes.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
    }

    /// Constant-time equality, for comparing key material.
    public func constantTimeEquals(_ other: UnsafeRawBufferPointer) -> Bool {
        guard other.count == count else { return false }
        var diff: UInt8 = 0
        for i in 0..<count { diff |= bytes[i] ^ other[i] }
        return diff == 0
    }

    deinit {
        SecretBytes.wipe(bytes.baseAddress!, bytes.count)
        bytes.deallocate()
    }

    /// Zeroes memory in a way the optimizer may not remove (glibc's `explicit_bzero`).
    public static func wipe(_ pointer: UnsafeMutableRawPointer, _ count: Int) {
        guard count > 0 else { return }
        #if canImport(Glibc)
        explicit_bzero(pointer, count)
        #else
        memset_s(pointer, count, 0, count)
        #endif
    }
}
