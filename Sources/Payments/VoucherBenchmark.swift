import NearLightClient

/// Measures voucher throughput on one core, for `dcml bench vouchers` (issue 8's target: at least
/// 20,000 vouchers verified per second per core, at most 0.2 ms of accounting per request).
/// A helper to call, never a test: timings depend on the machine.
public struct VoucherBenchmark: Sendable {
    public struct Result: Sendable, CustomStringConvertible {
        public let vouchers: Int
        /// Ed25519 verification of the voucher's message only.
        public let verifySeconds: Double
        /// What a request pays: header decoding (base64, JSON), verification, authorize and settle.
        public let requestSeconds: Double

        public var verifiedPerSecond: Double { Double(vouchers) / verifySeconds }
        public var requestsPerSecond: Double { Double(vouchers) / requestSeconds }
        public var microsecondsPerRequest: Double { requestSeconds * 1e6 / Double(vouchers) }

        public var description: String {
            let verified = Int(verifiedPerSecond.rounded())
            let requests = Int(requestsPerSecond.rounded())
            let perRequest = (microsecondsPerRequest * 10).rounded() / 10
            return "\(vouchers) vouchers on one core: \(verified) verified/s (signature only); "
                + "\(requests) requests/s, \(perRequest) µs per request (header decode + verify + authorize + settle)"
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

        let clock = ContinuousClock()
        var valid = 0
        let verifyTime = clock.measure {
            for voucher in signed where voucher.isSigned(by: payerKey.publicKey) { valid += 1 }
        }
        guard valid == vouchers else { throw BenchmarkError.rejected("\(vouchers - valid) of \(vouchers) signatures did not verify") }

        var failure: String?
        let requestTime = clock.measure {
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
        return Result(vouchers: vouchers, verifySeconds: verifyTime.seconds, requestSeconds: requestTime.seconds)
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

extension Duration {
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
