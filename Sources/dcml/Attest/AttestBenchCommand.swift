import ArgumentParser
import Attestation
import Foundation

/// `dcml attest bench`: quote parsing and full-verification throughput (one core, collateral parsed
/// once), side by side with dcap-qvl's `verify` in the same run, and the mutation fuzz run.
///
/// Rates are per second of the measuring thread's CPU time (both sides), so that other work on a
/// shared machine does not count against either; on a quiet machine they equal wall-clock rates.
struct AttestBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmark quote parsing/verification against dcap-qvl and fuzz the verifier.")

    @Option(help: "shared/vectors directory (default: found by walking up from the current directory).") var vectors: String?
    @Option(help: "Seconds per throughput measurement.") var seconds: Double = 3
    @Option(help: "Mutations in the fuzz run (0 to skip).") var fuzz: Int = 0
    @Option(help: "Where dcap-qvl is (or will be pip-installed).") var pipCache: String = ".build/pip-cache"
    @Flag(help: "Skip the dcap-qvl comparison.") var noDcapQvl = false

    func run() throws {
        let dir = try vectorsDir()
        let name = "01_dcapqvl_sample_tdx_quote_v4"
        let quote = [UInt8](FileManager.default.contents(atPath: "\(dir)/tdx/\(name)/quote.bin")!)
        let collateralJSON = FileManager.default.contents(atPath: "\(dir)/tdx/\(name)/collateral.json")!
        let at = Date(timeIntervalSince1970: 1_752_919_234)

        // Parsing.
        let parseRate = Self.ratePerCPUSecond(seconds: seconds, batch: 10000) { (try? TDXQuote(parsing: quote)) != nil }
        print(String(format: "parse:  %.0f quotes/s (TDX v4, 5006-byte file)", parseRate))

        // Full verification, collateral parsed once.
        let prepared = try PreparedCollateral(try QuoteCollateral(v3JSON: collateralJSON))
        let verifier = DCAPVerifier()
        let check = try verifier.verify(quote: quote, collateral: prepared, at: at)
        guard check.isVerified, check.tcbStatus == .upToDate else { throw ValidationError("vector 01 did not verify: \(check.summary)") }
        let verifyRate = Self.ratePerCPUSecond(seconds: seconds, batch: 100) {
            (try? verifier.verify(quote: quote, collateral: prepared, at: at))?.isVerified == true
        }
        print(String(format: "verify: %.0f quotes/s (DCML, full DCAP verification with collateral, one core)", verifyRate))

        if !noDcapQvl {
            if let rate = dcapQvlRate(quote: quote, collateral: collateralJSON, now: 1_752_919_234) {
                print(String(format: "verify: %.0f quotes/s (dcap-qvl 0.7.0 verify via Python, same quote and collateral)", rate))
                print(String(format: "ratio:  %.2fx", verifyRate / rate))
            } else {
                print("dcap-qvl: not available (pip install failed); comparison skipped")
            }
        }
        if fuzz > 0 { try runFuzz(count: fuzz, quote: quote, prepared: prepared, at: at) }
    }

    private func vectorsDir() throws -> String {
        if let vectors { return vectors }
        var d = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        while d.path != "/" {
            for c in ["shared/vectors", "../shared/vectors"] {
                let p = d.appendingPathComponent(c).standardized.path
                if FileManager.default.fileExists(atPath: p + "/tdx") { return p }
            }
            d.deleteLastPathComponent()
        }
        throw ValidationError("shared/vectors not found; pass --vectors")
    }

    private func dcapQvlRate(quote: [UInt8], collateral: Data, now: Int) -> Double? {
        let cache = URL(fileURLWithPath: pipCache).standardized.path
        if !FileManager.default.fileExists(atPath: cache + "/dcap_qvl/__init__.py") {
            _ = shell(["python3", "-m", "pip", "install", "--quiet", "--target", cache, "dcap-qvl==0.7.0"])
        }
        let tmp = FileManager.default.temporaryDirectory
        let q = tmp.appendingPathComponent("dcml-bench-quote.bin"), c = tmp.appendingPathComponent("dcml-bench-collateral.json")
        try? Data(quote).write(to: q)
        try? collateral.write(to: c)
        let script = """
        import sys, time
        sys.path.insert(0, sys.argv[1])
        import dcap_qvl
        q = open(sys.argv[2], 'rb').read()
        c = dcap_qvl.QuoteCollateralV3.from_json(open(sys.argv[3]).read())
        assert dcap_qvl.verify(q, c, \(now)).status == 'UpToDate'
        n = 0; t = time.thread_time(); w = time.perf_counter()
        while time.perf_counter() - w < \(seconds):
            for _ in range(50):
                dcap_qvl.verify(q, c, \(now)); n += 1
        print(n / (time.thread_time() - t))
        """
        let (rc, out) = shell(["python3", "-c", script, cache, q.path, c.path])
        guard rc == 0 else { return nil }
        return Double(out.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Runs `body` in batches for `seconds` of wall time; successes per second of this thread's CPU time.
    private static func ratePerCPUSecond(seconds: Double, batch: Int, _ body: () -> Bool) -> Double {
        var n = 0
        let start = Date(), cpuStart = threadCPUSeconds()
        while Date().timeIntervalSince(start) < seconds {
            for _ in 0 ..< batch where body() { n += 1 }
        }
        return Double(n) / (threadCPUSeconds() - cpuStart)
    }

    private static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    private func shell(_ args: [String]) -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return (-1, "") }
        let d = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: d, as: UTF8.self))
    }

    /// Every single-bit flip of the signed region of a real and a simulated quote, then random
    /// byte edits, truncations, random buffers and corrupted length fields up to `count` mutations.
    private func runFuzz(count: Int, quote: [UInt8], prepared: PreparedCollateral, at: Date) throws {
        let start = Date()
        let sim = SimulatedTEE(measurements: SimulatedMeasurements(binaryDigest: [0x42])).quote(reportData: [1, 2, 3]).rawBytes
        let now = Date()
        let simCollateral = try PreparedCollateral(SimulationAuthority.shared.collateral(at: now))
        let real = DCAPVerifier(), simV = DCAPVerifier(allowSimulation: true)
        var total = 0, signedFlips = 0, acceptedSigned = 0, parseErrors = 0, rejected = 0, acceptedUnsigned = 0
        for (q, col, t, v) in [(quote, prepared, at, real), (sim, simCollateral, now, simV)] {
            let signed = try TDXQuote(parsing: q).signedLength
            for bit in 0 ..< signed * 8 where total < count {
                var m = q
                m[bit / 8] ^= UInt8(1 << (bit % 8))
                total += 1; signedFlips += 1
                guard let r = try? v.verify(quote: m, collateral: col, at: t) else { parseErrors += 1; continue }
                if r.isVerified { acceptedSigned += 1 } else { rejected += 1 }
            }
        }
        var rng = SystemRandomNumberGenerator()
        let signedLen = try TDXQuote(parsing: quote).signedLength
        while total < count {
            var m = quote
            var touchesSigned = false
            switch total % 4 {
            case 0:
                for _ in 0 ..< Int.random(in: 1 ... 8, using: &rng) {
                    let i = Int.random(in: 0 ..< m.count, using: &rng)
                    let old = m[i]
                    m[i] = UInt8.random(in: 0 ... 255, using: &rng)
                    if i < signedLen && m[i] != old { touchesSigned = true }
                }
            case 1: m = Array(quote.prefix(Int.random(in: 0 ..< 4936, using: &rng)))
            case 2: m = (0 ..< Int.random(in: 0 ... 6000, using: &rng)).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
            default:
                let at = [632, 632 + 132, 632 + 136 + 384 + 64, 632 + 136 + 384 + 64 + 34].randomElement(using: &rng)!
                for k in 0 ..< 4 where at + k < m.count { m[at + k] = UInt8.random(in: 0 ... 255, using: &rng) }
            }
            total += 1
            guard let r = try? real.verify(quote: m, collateral: prepared, at: at) else { parseErrors += 1; continue }
            if r.isVerified {
                if touchesSigned { acceptedSigned += 1 } else { acceptedUnsigned += 1 }
            } else { rejected += 1 }
        }
        let secs = Date().timeIntervalSince(start)
        print("fuzz:   \(total) mutations in \(String(format: "%.1f", secs)) s: \(signedFlips) single-bit flips of signed regions (real + simulated), \(parseErrors) parse errors, \(rejected) verification failures, \(acceptedSigned) accepted with a changed signed region, \(acceptedUnsigned) accepted with only unsigned bytes changed; no crash")
        if acceptedSigned > 0 { throw ExitCode(1) }
    }
}
