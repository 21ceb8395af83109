import ArgumentParser
import Foundation
import Payments

/// `dcml bench vouchers`: what paying by voucher costs a node (issue 8, Performance: at least
/// 20,000 vouchers verified per second per core; at most 0.2 ms added to a request), in one run,
/// for session-MAC vouchers (what paying clients send) beside Ed25519-signed ones:
///
/// 1. vouchers verified per CPU-second on one core (the proof alone), and the CPU cost of a
///    request's accounting in memory (header decoding, verification, authorize, settle);
/// 2. the per-request overhead of the paid path — header decoding, authorize, settle until its
///    charge is durable — on one channel's real ledger in `--dir`, against the same requests
///    without a voucher (the harness alone), p50/p99, one request at a time and `--concurrency`
///    at a time, on the simulated counter kept in a file (fdatasync per increment, in its own
///    directory) and on the one kept in memory;
/// 3. ledger commits per second (each a log append + fdatasync + counter increment), and settles
///    per second, which group commit makes larger than commits under concurrency.
///
/// It drives the ledger directly (`ChannelLedger`, which `PaymentService` calls once per request
/// after a dictionary lookup), because establishing a channel through the service takes a chain's
/// light-client proof; tokenizing the prompt, which the paid path also does, is the engine's cost.
struct BenchVouchersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vouchers",
        abstract: "Voucher verification rate, per-request ledger overhead and ledger commits per second.")

    @Option(help: "Vouchers verified in memory.") var vouchers = 20_000
    @Option(help: "Requests per ledger run.") var requests = 2_000
    @Option(help: "Requests in flight at once in the concurrent ledger runs.") var concurrency = 8
    @Option(help: "Directory for the ledgers and counters (default: the system's temporary directory, on disk).") var dir: String?

    func validate() throws {
        guard vouchers >= 1, requests >= 1, concurrency >= 1 else { throw ValidationError("every count must be at least 1") }
    }

    func run() async throws {
        let base = (dir ?? FileManager.default.temporaryDirectory.path) + "/dcml-bench-vouchers-\(getpid())"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        print("ledgers in \(base); \(ProcessInfo.processInfo.activeProcessorCount) cores; load average \(BenchSealCommand.loadAverage())")

        print("\n| in memory, one core | per CPU-second | per second, wall clock | µs CPU each |")
        print("|---|---|---|---|")
        for proof in VoucherBenchmark.Proof.allCases {
            let memory = try VoucherBenchmark(vouchers: vouchers).run(proof)
            print("| \(proof.rawValue): verification | \(Int(memory.verifiedPerSecond)) | \(Int(Double(vouchers) / memory.verify.wallSeconds)) | \(Self.format(1e6 / memory.verifiedPerSecond)) |")
            print("| \(proof.rawValue): header decode + verify + authorize + settle | \(Int(memory.requestsPerSecond)) | \(Int(Double(vouchers) / memory.request.wallSeconds)) | \(Self.format(memory.microsecondsPerRequest)) |")
        }

        print("\n| voucher | counter | in flight | paid p50 µs | paid p99 µs | unpaid p50 µs | unpaid p99 µs | overhead p50 µs | settles/s | commits/s |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        var run = 0
        for proof in VoucherBenchmark.Proof.allCases {
            for file in [true, false] {
                for inFlight in Set([1, concurrency]).sorted() {
                    run += 1
                    let directory = base + "/run-\(run)"
                    try FileManager.default.createDirectory(atPath: directory + "/ledger", withIntermediateDirectories: true)
                    // The file counter lies outside the ledger's directory, as a hardware counter outside the VM's disk.
                    let counter: any MonotonicCounter = try file ? SimulatedNonVolatileCounter(path: directory + "/ledger.counter") : SimulatedHardwareCounter()
                    let result = try await VoucherBenchmark(vouchers: requests).ledger(
                        directory: directory + "/ledger", counter: counter, concurrency: inFlight, proof: proof)
                    let paid = Percentiles(result.paid)
                    let unpaid = Percentiles(result.unpaid)
                    print("| \(proof.rawValue) | \(file ? "SIMULATED, file (fdatasync)" : "SIMULATED, memory") | \(inFlight) | \(Self.format(paid.p50)) | \(Self.format(paid.p99)) | "
                        + "\(Self.format(unpaid.p50)) | \(Self.format(unpaid.p99)) | \(Self.format(paid.p50 - unpaid.p50)) | "
                        + "\(Int(Double(requests) / result.wallSeconds)) | \(Int(Double(result.commits) / result.wallSeconds)) |")
                }
            }
        }
        print("\nload average \(BenchSealCommand.loadAverage())")
    }

    /// p50 and p99 of nanosecond samples, in µs.
    struct Percentiles {
        let p50: Double
        let p99: Double

        init(_ nanoseconds: [Int64]) {
            let sorted = nanoseconds.sorted()
            p50 = Double(sorted[sorted.count / 2]) / 1000
            p99 = Double(sorted[min(sorted.count - 1, sorted.count * 99 / 100)]) / 1000
        }
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
