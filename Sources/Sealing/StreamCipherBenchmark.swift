import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The chunk cipher alone on memory (no file I/O, no hashing), for `dcml bench seal`: the number
/// to set beside `openssl speed -evp aes-256-gcm`, which also measures the cipher alone.
public enum StreamCipherBenchmark {
    /// Seals then opens `byteCount` bytes in place in `chunkSize` chunks on `workers` threads,
    /// repeated `rounds` times; returns for each direction the best wall seconds and the mean CPU
    /// seconds (all threads) of one pass over `byteCount` bytes.
    public static func run(byteCount: Int, chunkSize: Int, workers: Int, rounds: Int = 3) throws(SealingError)
        -> (seal: (wall: Double, cpu: Double), open: (wall: Double, cpu: Double)) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: byteCount, alignment: 4096)
        defer { buffer.deallocate() }
        for i in 0..<byteCount { buffer[i] = UInt8(truncatingIfNeeded: i &* 31) }
        let count = (byteCount + chunkSize - 1) / chunkSize
        let tags = UnsafeMutableRawBufferPointer.allocate(byteCount: count * 16, alignment: 16)
        defer { tags.deallocate() }
        let key = SecretBytes(count: 32)
        for i in 0..<32 { key.bytes[i] = UInt8.random(in: 0...255) }
        let cipher = try ChunkCipher(key: key, noncePrefix: [1, 2, 3, 4, 5, 6, 7], associatedData: [UInt8](repeating: 9, count: 32))
        let base = UncheckedPointer(buffer.baseAddress!), tagBase = UncheckedPointer(tags.baseAddress!)
        @Sendable func chunk(_ i: Int) -> UnsafeMutableRawBufferPointer {
            UnsafeMutableRawBufferPointer(start: base.pointer + i * chunkSize, count: min(chunkSize, byteCount - i * chunkSize))
        }
        var sealSeconds = Double.infinity, openSeconds = Double.infinity
        var sealCPU = 0.0, openCPU = 0.0
        for _ in 0..<rounds {
            var c = processCPUSeconds()
            var t = Date()
            try ChunkPipeline(count: count, window: count).run(workers: workers, work: { i, _ throws(SealingError) in
                try cipher.seal(chunk(i), tag: tagBase.pointer + i * 16, index: i, last: i == count - 1)
            }, consume: { _, _ in })
            sealSeconds = min(sealSeconds, Date().timeIntervalSince(t))
            sealCPU += processCPUSeconds() - c
            c = processCPUSeconds()
            t = Date()
            try ChunkPipeline(count: count, window: count).run(workers: workers, work: { i, _ throws(SealingError) in
                guard cipher.open(chunk(i), tag: tagBase.pointer + i * 16, index: i, last: i == count - 1) else {
                    throw .chunkAuthenticationFailed(index: i, count: count)
                }
            }, consume: { _, _ in })
            openSeconds = min(openSeconds, Date().timeIntervalSince(t))
            openCPU += processCPUSeconds() - c
        }
        return ((sealSeconds, sealCPU / Double(rounds)), (openSeconds, openCPU / Double(rounds)))
    }

    /// User + system CPU seconds of this process, all threads.
    public static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
