import NearLightClient
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures voucher throughput on one core, for `dcml bench vouchers` (issue 8's target: at least
/// 20,000 vouchers verified per second per core, at most 0.2 ms of accounting per request).
/// A helper to call, never a test: timings depend on the machine. Rates are per second of this
/// thread's CPU time, so a busy machine (other processes taking turns on the core) does not make
/// the code look slower than it is; wall-clock time is reported next to it.
public struct VoucherBenchmark: Sendable {
    public struct Result: Sendable, CustomStringConvertible {
        public let vouchers: Int
        /// Ed25519 verification of the voucher's message only: CPU and wall-clock seconds.
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

        public var description: String {
            func rate(_ seconds: Double) -> Int { Int((Double(vouchers) / seconds).rounded()) }
            let perRequest = (microsecondsPerRequest * 10).rounded() / 10
            return "\(vouchers) vouchers, one core: \(rate(verify.cpuSeconds)) verified per CPU-second (signature only; "
                + "\(rate(verify.wallSeconds))/s wall clock); \(rate(request.cpuSeconds)) requests per CPU-second, \(perRequest) µs CPU per request "
                + "(header decode + verify + authorize + settle; \(rate(request.wallSeconds))/s wall clock)"
        }
    }

    public let vouchers: Int

    public init(vouchers: Int = 20_000) {
        precondition(vouchers > 0, "a benchmark needs at least one voucher")
        self.vouchers = vouchers
    }

    /// Signs `vouchers` vouchers (not timed), then times verifying them and running them through
    /// a provider state machine as a node would.
    public func run() throws -> Result {
        let payerKey = SecretKey.generate()
        let domain = try ChannelDomain(contract: "payments.dcml.near", chain: "mainnet")
        let prices = PriceSchedule(
            creatorPerThousandPromptTokens: 1_000_000_000_000_000_000, creatorPerThousandCompletionTokens: 2_000_000_000_000_000_000,
            providerPerThousandTokens: 500_000_000_000_000_000)
        let challenge = Challenge.random()
        let deposit = UInt128(1_000_000) * 1_000_000_000_000_000_000_000_000
        var machine = ProviderChannelStateMachine(domain: domain)
        _ = try machine.issueChallenge(challenge)
        try machine.establish(ChannelFacts(
            domain: domain, channel: 1, challenge: challenge, payerKey: payerKey.publicKey, deposit: deposit, providerDeposit: deposit, prices: prices))
        var payer = PayerChannel(domain: domain, channel: 1, deposit: deposit, prices: prices)

        var signed: [Voucher] = []
        var headers: [String] = []
        signed.reserveCapacity(vouchers)
        headers.reserveCapacity(vouchers)
        for _ in 0..<vouchers {
            let (voucher, pending) = try payer.voucher(promptTokens: 200, maxCompletionTokens: 300, payerKey: payerKey)
            try payer.complete(pending, completionTokens: 300)
            signed.append(voucher)
            headers.append(voucher.headerValue)
        }

        var valid = 0
        let verifyTime = Self.measure {
            for voucher in signed where voucher.isSigned(by: payerKey.publicKey) { valid += 1 }
        }
        guard valid == vouchers else { throw BenchmarkError.rejected("\(vouchers - valid) of \(vouchers) signatures did not verify") }

        var failure: String?
        let requestTime = Self.measure {
            for header in headers {
                do {
                    let voucher = try Voucher(headerValue: header)
                    guard case .proceed(let reservation) = machine.authorize(voucher: voucher, promptTokens: 200, maxCompletionTokens: 300) else {
                        failure = "voucher \(voucher.nonce) was refused"
                        return
                    }
                    _ = try machine.settle(reservation, completionTokens: 300)
                } catch {
                    failure = "\(error)"
                    return
                }
            }
        }
        if let failure { throw BenchmarkError.rejected(failure) }
        return Result(vouchers: vouchers, verify: verifyTime, request: requestTime)
    }

    private static func measure(_ body: () -> Void) -> Result.Timing {
        let clock = ContinuousClock()
        let cpuStart = threadCPUSeconds()
        let wall = clock.measure(body)
        let (seconds, attoseconds) = wall.components
        return Result.Timing(cpuSeconds: threadCPUSeconds() - cpuStart, wallSeconds: Double(seconds) + Double(attoseconds) / 1e18)
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
