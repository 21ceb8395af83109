import Crypto
import NearLightClient
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures what vouchers cost a node, for `dcml bench vouchers` (issue 8's targets: at least
/// 20,000 vouchers verified per second per core, at most 0.2 ms of accounting per request), for
/// both kinds of voucher proof side by side: the session MAC that paying clients use, and the
/// Ed25519 signature that any client may send.
/// Helpers to call, never tests: timings depend on the machine.
///
/// - `run()`: vouchers verified per second on one core, and the CPU cost of a request's
///   accounting in memory (header decoding, verification, authorize, settle on the state machine).
///   Rates are per second of this thread's CPU time, so other processes taking turns on the core
///   do not make the code look slower than it is; wall-clock time is reported next to it.
/// - `ledger(…)`: the same requests against a real `ChannelLedger` on disk, one channel, so every
///   settle is a durable commit: per-request latency and commits per second.
public struct VoucherBenchmark: Sendable {
    /// Which proof the benchmark's vouchers carry.
    public enum Proof: String, Sendable, CaseIterable {
        case sessionMAC = "session HMAC-SHA256"
        case signature = "Ed25519 signature"
    }

    public struct Result: Sendable {
        public let vouchers: Int
        public let proof: Proof
        /// Checking the voucher's proof only: CPU and wall-clock seconds.
        public let verify: Timing
        /// What a request pays: header decoding (base64, JSON), verification, authorize and settle.
        public let request: Timing

        public struct Timing: Sendable {
            public let cpuSeconds: Double
            public let wallSeconds: Double
        }

        public var verifiedPerSecond: Double { Double(vouchers) / verify.cpuSeconds }
        public var requestsPerSecond: Double { Double(vouchers) / request.cpuSeconds }
        public var microsecondsPerRequest: Double { request.cpuSeconds * 1e6 / Double(vouchers) }
    }

    public let vouchers: Int

    public init(vouchers: Int = 20_000) {
        precondition(vouchers > 0, "a benchmark needs at least one voucher")
        self.vouchers = vouchers
    }

    /// Makes `vouchers` vouchers with `proof` (not timed), then times checking their proofs and
    /// running them through a provider state machine as a node would.
    public func run(_ proof: Proof) throws -> Result {
        let channel = try BenchChannel(vouchers: vouchers, proof: proof)
        var machine = ProviderChannelStateMachine(domain: channel.domain)
        _ = try machine.issueChallenge(channel.facts.challenge)
        try machine.establish(channel.facts)
        try machine.startSession(channel.grant, key: channel.sessionKey)

        var valid = 0
        let verifyTime: Result.Timing
        switch proof {
        case .signature:
            verifyTime = Self.measure {
                for voucher in channel.vouchers where voucher.isSigned(by: channel.payerKey.publicKey) { valid += 1 }
            }
        case .sessionMAC:
            verifyTime = Self.measure {
                for voucher in channel.vouchers where voucher.isAuthenticated(by: channel.sessionKey) { valid += 1 }
            }
        }
        guard valid == vouchers else { throw BenchmarkError.rejected("\(vouchers - valid) of \(vouchers) \(proof.rawValue)s did not verify") }

        var failure: String?
        let requestTime = Self.measure {
            for header in channel.headers {
                do {
                    let voucher = try Voucher(headerValue: header)
                    guard case .proceed(let reservation) = machine.authorize(
                        voucher: voucher, promptTokens: BenchChannel.promptTokens, maxCompletionTokens: BenchChannel.completionTokens)
                    else {
                        failure = "voucher \(voucher.nonce) was refused"
                        return
                    }
                    _ = try machine.settle(reservation, completionTokens: BenchChannel.completionTokens)
                } catch {
                    failure = "\(error)"
                    return
                }
            }
        }
        if let failure { throw BenchmarkError.rejected(failure) }
        return Result(vouchers: vouchers, proof: proof, verify: verifyTime, request: requestTime)
    }

    /// Per-request latencies of the paid path on one channel's ledger, and of the same requests
    /// without a voucher (the harness alone), in nanoseconds.
    public struct LedgerResult: Sendable {
        public let concurrency: Int
        public let paid: [Int64]
        public let unpaid: [Int64]
        /// Durable commits (counter increments) and the wall-clock seconds of the paid run.
        public let commits: UInt64
        public let wallSeconds: Double
    }

    /// Runs `vouchers` requests through a ledger created in `directory` (which must not hold one),
    /// bound to `counter`, in rounds of `concurrency`: each round's requests are authorized in
    /// nonce order (as a payer's requests arrive), then settled all at once, as if their
    /// generations ended together. A request's latency is its header decoding, authorize and
    /// settle (which returns once its charge is durable).
    public func ledger(directory: String, counter: any MonotonicCounter, concurrency: Int, proof: Proof) async throws -> LedgerResult {
        precondition(concurrency > 0, "a benchmark needs at least one request at a time")
        let channel = try BenchChannel(vouchers: vouchers, proof: proof)
        let ledger = try await ChannelLedger.create(
            path: directory + "/bench.ledger", domain: channel.domain, counter: counter, key: SymmetricKey(size: .bits256))
        _ = try await ledger.issueChallenge(channel.facts.challenge)
        try await ledger.establish(channel.facts)
        try await ledger.startSession(channel.grant, key: channel.sessionKey)
        let clock = ContinuousClock()
        let before = try await counter.current()
        var paid: [Int64] = []
        var unpaid: [Int64] = []
        paid.reserveCapacity(vouchers)
        unpaid.reserveCapacity(vouchers)
        let start = clock.now
        for round in stride(from: 0, to: vouchers, by: concurrency) {
            var authorized: [(reservation: Reservation, took: Duration)] = []
            for header in channel.headers[round..<min(round + concurrency, vouchers)] {
                let begin = clock.now
                let action = try await ledger.authorize(
                    voucher: Voucher(headerValue: header), promptTokens: BenchChannel.promptTokens, maxCompletionTokens: BenchChannel.completionTokens)
                guard case .proceed(let reservation) = action else { throw BenchmarkError.rejected("\(action)") }
                authorized.append((reservation, clock.now - begin))
            }
            paid += try await withThrowingTaskGroup(of: Int64.self) { group in
                for (reservation, took) in authorized {
                    group.addTask {
                        let begin = clock.now
                        _ = try await ledger.settle(reservation, completionTokens: BenchChannel.completionTokens)
                        return Self.nanoseconds(took + (clock.now - begin))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        let wall = clock.now - start
        let commits = try await counter.current() - before
        for _ in stride(from: 0, to: vouchers, by: concurrency) {
            unpaid += await withTaskGroup(of: Int64.self) { group in
                for _ in 0..<concurrency {
                    group.addTask {
                        let begin = clock.now
                        return Self.nanoseconds(clock.now - begin)
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        return LedgerResult(concurrency: concurrency, paid: paid, unpaid: unpaid, commits: commits, wallSeconds: Self.seconds(wall))
    }

    private static func measure(_ body: () -> Void) -> Result.Timing {
        let clock = ContinuousClock()
        let cpuStart = threadCPUSeconds()
        let wall = clock.measure(body)
        return Result.Timing(cpuSeconds: threadCPUSeconds() - cpuStart, wallSeconds: seconds(wall))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    public enum BenchmarkError: Error, CustomStringConvertible {
        case rejected(String)

        public var description: String {
            switch self {
            case .rejected(let reason): return "benchmark vouchers were refused, expected all accepted: \(reason)"
            }
        }
    }
}

/// One benchmark channel with a deposit no run exhausts, its payer's session grant, and her
/// vouchers (made up front, not timed): one per request of `promptTokens` + `completionTokens`,
/// nonces counting up from 1, signed or MACed as asked.
private struct BenchChannel {
    static let promptTokens: UInt64 = 200
    static let completionTokens: UInt64 = 300

    let payerKey = SecretKey.generate()
    let sessionKey = VoucherSessionKey.random()
    let grant: VoucherSessionGrant
    let domain: ChannelDomain
    let facts: ChannelFacts
    let vouchers: [Voucher]
    let headers: [String]

    init(vouchers count: Int, proof: VoucherBenchmark.Proof) throws {
        domain = try ChannelDomain(contract: "payments.dcml.near", chain: "mainnet")
        let prices = PriceSchedule(
            creatorPerThousandPromptTokens: 1_000_000_000_000_000_000, creatorPerThousandCompletionTokens: 2_000_000_000_000_000_000,
            providerPerThousandTokens: 500_000_000_000_000_000)
        let deposit = UInt128(1_000_000) * 1_000_000_000_000_000_000_000_000
        facts = ChannelFacts(
            domain: domain, channel: 1, challenge: Challenge.random(), payerKey: payerKey.publicKey, deposit: deposit, providerDeposit: deposit,
            prices: prices)
        grant = try VoucherSessionGrant.sign(domain: domain, channel: 1, key: sessionKey, payerKey: payerKey)
        var payer = PayerChannel(domain: domain, channel: 1, deposit: deposit, prices: prices)
        var made: [Voucher] = []
        made.reserveCapacity(count)
        for _ in 0..<count {
            let (voucher, pending) = switch proof {
            case .signature: try payer.voucher(promptTokens: Self.promptTokens, maxCompletionTokens: Self.completionTokens, payerKey: payerKey)
            case .sessionMAC: try payer.voucher(promptTokens: Self.promptTokens, maxCompletionTokens: Self.completionTokens, sessionKey: sessionKey)
            }
            try payer.complete(pending, completionTokens: Self.completionTokens)
            made.append(voucher)
        }
        vouchers = made
        headers = made.map(\.headerValue)
    }
}
