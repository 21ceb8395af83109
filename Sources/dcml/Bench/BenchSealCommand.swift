import ArgumentParser
import Foundation
import Inference
import Sealing

/// Sealing side by side with its peers in one run (issue 5, Performance): the chunk cipher against
/// `openssl speed -evp aes-256-gcm` (16 KiB blocks, one process per core), seal and unseal of one
/// large file against `age` on the same file, modelH against `sha256sum` on the same file.
///
/// Each row gives wall-clock GB/s and GB per CPU-second (user + system, all threads; for a peer,
/// its process's): the machines are shared, and the per-CPU-second figure is the one that other
/// load does not distort. GB = 10^9 bytes.
struct BenchSealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Benchmark seal, unseal and modelH against openssl, age and sha256sum.")

    @Option(help: "Size of the test file in MB (10^6 bytes).") var sizeMb = 2000
    @Option(help: "Directory for the test files (default: /dev/shm, so the disk does not dominate).") var dir: String?
    @Option(help: "Chunk size in bytes.") var chunkSize = SealedModelFormat.defaultChunkSize
    @Option(help: "Seconds per openssl speed run.") var opensslSeconds = 3
    @Flag(help: "Skip the peers (openssl, age, sha256sum).") var noPeers = false

    /// Bytes processed in `wall` seconds using `cpu` CPU-seconds.
    struct Figure {
        var bytes: Double
        var wall: Double
        var cpu: Double
        var perSecond: Double { bytes / wall }
        var perCPUSecond: Double { bytes / max(cpu, 1e-9) }
    }

    func run() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let base = dir ?? (FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
        let work = base + "/dcml-bench-seal-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let input = work + "/model.gguf"
        let size = sizeMb * 1_000_000
        let bytes = Double(size)
        try Self.writeTestFile(input, size: size)
        print("file \(input): \(size / 1_000_000) MB; chunk \(chunkSize) B; \(cores) cores; load average \(Self.loadAverage())")
        print("| measurement | DCML GB/s | DCML GB/CPU-s | peer | peer GB/s | peer GB/CPU-s | ratio GB/s | ratio GB/CPU-s |")
        print("|---|---|---|---|---|---|---|---|")

        // 1. The cipher alone, in memory, against openssl speed.
        let memoryBytes = 512 << 20
        let one = try StreamCipherBenchmark.run(byteCount: memoryBytes, chunkSize: chunkSize, workers: 1)
        let all = try StreamCipherBenchmark.run(byteCount: memoryBytes, chunkSize: chunkSize, workers: cores)
        let ssl1 = noPeers ? nil : Self.opensslSpeed(multi: 1, seconds: opensslSeconds)
        let sslN = noPeers ? nil : Self.opensslSpeed(multi: cores, seconds: opensslSeconds)
        let m = Double(memoryBytes)
        row("AES-256-GCM STREAM seal, memory, 1 thread", Figure(bytes: m, wall: one.seal.wall, cpu: one.seal.cpu), "openssl speed -evp aes-256-gcm 16 KiB", ssl1)
        row("AES-256-GCM STREAM open, memory, 1 thread", Figure(bytes: m, wall: one.open.wall, cpu: one.open.cpu), "openssl speed (encrypt) 16 KiB", ssl1)
        row("AES-256-GCM STREAM seal, memory, \(cores) threads", Figure(bytes: m, wall: all.seal.wall, cpu: all.seal.cpu), "openssl speed 16 KiB -multi \(cores)", sslN)
        row("AES-256-GCM STREAM open, memory, \(cores) threads", Figure(bytes: m, wall: all.open.wall, cpu: all.open.cpu), "openssl speed 16 KiB -multi \(cores)", sslN)

        // 2. modelH against sha256sum on the same file (page cache warm for both).
        _ = try ModelHasher.manifest(of: input)
        let (hash, manifest) = try Self.measure(bytes) { try ModelHasher.manifest(of: input) }
        let sha = noPeers ? nil : Self.peer(bytes, "sha256sum", [input])
        let dgst = noPeers ? nil : Self.peer(bytes, "openssl", ["dgst", "-sha256", input])
        row("modelH", hash, "sha256sum", sha)
        row("modelH", hash, "openssl dgst -sha256", dgst)

        // 3. Seal and unseal, file to file, against age on the same file.
        let key = ModelSecretKey()
        let sealer = ModelSealer(chunkSize: chunkSize)
        let sealed = work + "/model.sealed"
        let (seal, _) = try Self.measure(bytes) { try sealer.seal(modelAt: input, for: key.publicKey, to: sealed) }
        try FileManager.default.removeItem(atPath: sealed)
        let (encrypt, _) = try Self.measure(bytes) { try sealer.seal(modelAt: input, for: key.publicKey, to: sealed, manifest: manifest) }
        var ageEncrypt: Figure?, ageDecrypt: Figure?
        if !noPeers {
            let ageKey = work + "/age.key"
            _ = Self.peer(0, "age-keygen", ["-o", ageKey])
            let recipient = (try? String(contentsOfFile: ageKey, encoding: .utf8))?
                .split(separator: "\n").first { $0.hasPrefix("# public key: ") }?.dropFirst("# public key: ".count)
            if let recipient {
                ageEncrypt = Self.peer(bytes, "age", ["-r", String(recipient), "-o", work + "/model.age", input])
                ageDecrypt = Self.peer(bytes, "age", ["-d", "-i", ageKey, "-o", work + "/model.age.out", work + "/model.age"])
                try? FileManager.default.removeItem(atPath: work + "/model.age")
                try? FileManager.default.removeItem(atPath: work + "/model.age.out")
            }
        }
        row("seal file→file (one pass: modelH + encrypt + fsync)", seal, "age -r", ageEncrypt)
        row("seal file→file, manifest known (encrypt + fsync)", encrypt, "age -r", ageEncrypt)

        let reader = try SealedModelReader(path: sealed)
        let unsealed = work + "/model.out"
        let (unseal, _) = try Self.measure(bytes) { try reader.unseal(with: key, to: unsealed) }
        try FileManager.default.removeItem(atPath: unsealed)
        let (memory, _) = try Self.measure(bytes) { _ = try reader.decrypt(with: key) }
        row("unseal file→file (decrypt + modelH check + fsync)", unseal, "age -d", ageDecrypt)
        row("decrypt into memory (decrypt + modelH check)", memory, "age -d", ageDecrypt)
        print("peak resident \(Self.peakResidentBytes() / 1_000_000) MB (includes the \(size / 1_000_000) MB in-memory decryption); load average \(Self.loadAverage())")
    }

    private func row(_ name: String, _ ours: Figure, _ peer: String, _ theirs: Figure?) {
        func g(_ x: Double?) -> String { x.map { String(format: "%.2f", $0 / 1e9) } ?? "-" }
        func r(_ a: Double, _ b: Double?) -> String { b.map { String(format: "%.2fx", a / $0) } ?? "-" }
        print("| \(name) | \(g(ours.perSecond)) | \(g(ours.perCPUSecond)) | \(peer) | \(g(theirs?.perSecond)) | \(g(theirs?.perCPUSecond)) | \(r(ours.perSecond, theirs?.perSecond)) | \(r(ours.perCPUSecond, theirs?.perCPUSecond)) |")
    }

    /// A file of pseudo-random bytes (contents do not change AES or SHA speed, but keep it honest).
    static func writeTestFile(_ path: String, size: Int) throws {
        let block = 16 << 20
        var bytes = [UInt8](repeating: 0, count: block)
        var state: UInt64 = 0x243F_6A88_85A3_08D3
        for i in 0..<block { state ^= state << 13; state ^= state >> 7; state ^= state << 17; bytes[i] = UInt8(truncatingIfNeeded: state) }
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var written = 0
        while written < size {
            let n = min(block, size - written)
            bytes[0] &+= 1
            handle.write(Data(bytes[0..<n]))
            written += n
        }
    }

    static func measure<T>(_ bytes: Double, _ body: () throws -> T) throws -> (Figure, T) {
        let c = StreamCipherBenchmark.processCPUSeconds()
        let t = Date()
        let v = try body()
        return (Figure(bytes: bytes, wall: Date().timeIntervalSince(t), cpu: StreamCipherBenchmark.processCPUSeconds() - c), v)
    }

    static func childCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// A peer command over `bytes` (output discarded); nil when it is missing or fails.
    static func peer(_ bytes: Double, _ tool: String, _ arguments: [String]) -> Figure? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let c = childCPUSeconds()
        let t = Date()
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return Figure(bytes: bytes, wall: Date().timeIntervalSince(t), cpu: childCPUSeconds() - c)
    }

    /// `openssl speed -evp aes-256-gcm -bytes 16384`: the rate it reports (all processes together)
    /// and, from its CPU time, bytes per CPU-second.
    static func opensslSpeed(multi: Int, seconds: Int) -> Figure? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "speed", "-evp", "aes-256-gcm", "-bytes", "16384", "-seconds", String(seconds)]
            + (multi > 1 ? ["-multi", String(multi)] : [])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let c = childCPUSeconds()
        do { try process.run() } catch { return nil }
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let cpu = childCPUSeconds() - c
        // The result line: "AES-256-GCM  4170000.00k" (thousands of bytes per second).
        guard let line = out.split(separator: "\n").last(where: { $0.lowercased().hasPrefix("aes-256-gcm") }),
              let field = line.split(separator: " ").last, field.hasSuffix("k"),
              let k = Double(field.dropLast()) else { return nil }
        let rate = k * 1000
        return Figure(bytes: rate * Double(seconds), wall: Double(seconds), cpu: cpu)
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }

    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb * 1024
    }
}
