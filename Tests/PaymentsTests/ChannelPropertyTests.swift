import NearLightClient
import Testing
@testable import Payments

/// Random sequences of requests, some concurrent, some refused, some failed, between a payer and a
/// node; after every step the node never charged more than the deposit, its creator and provider
/// parts add up to what it charged, and the payer's own account agrees with the node's.
@Suite struct ChannelPropertyTests {
    @Test(arguments: 0..<40)
    func accountingHoldsOverRandomRequestSequences(seed: UInt64) throws {
        var random = SplitMix64(state: seed &* 0x2545_F491_4F6C_DD1D)
        let prices = PriceSchedule(
            creatorPerThousandPromptTokens: UInt128(random.next() % 5_000), creatorPerThousandCompletionTokens: UInt128(random.next() % 9_000),
            providerPerThousandTokens: UInt128(random.next() % 3_000))
        let deposit = UInt128(random.next() % 200_000 + 1)
        var node = ProviderChannelStateMachine(domain: Fixtures.domain)
        let challenge = try node.issueChallenge(Challenge.random())
        try node.establish(ChannelFacts(
            domain: Fixtures.domain, channel: 3, challenge: challenge, payerKey: Fixtures.payerKey.publicKey,
            deposit: deposit, providerDeposit: deposit, prices: prices))
        var payer = PayerChannel(domain: Fixtures.domain, channel: 3, deposit: deposit, prices: prices)
        var inFlight: [(Reservation, PayerChannel.PendingRequest)] = []
        var charged = Cost.zero

        for _ in 0..<60 {
            switch random.next() % 10 {
            case 0..<5:  // a new request
                let prompt = random.next() % 3_000
                let maxCompletion = random.next() % 2_000
                let made = Result { () throws(PayerChannelError) in
                    try payer.voucher(promptTokens: prompt, maxCompletionTokens: maxCompletion, payerKey: Fixtures.payerKey)
                }
                guard case .success(let (voucher, pending)) = made else {
                    // The payer refuses locally exactly when the node would answer 402.
                    guard case .failure(.insufficientDeposit) = made else { Issue.record("seed \(seed): payer failed: \(made)"); return }
                    let attempt = try Voucher.sign(domain: Fixtures.domain, channel: 3, spent: deposit * 2, nonce: payer.nonce + 1, payerKey: Fixtures.payerKey)
                    guard case .reject(.insufficientDeposit) = node.authorize(voucher: attempt, promptTokens: prompt, maxCompletionTokens: maxCompletion) else {
                        Issue.record("seed \(seed): payer refused a request the node accepted")
                        return
                    }
                    continue
                }
                switch node.authorize(voucher: voucher, promptTokens: prompt, maxCompletionTokens: maxCompletion) {
                case .proceed(let reservation): inFlight.append((reservation, pending))
                case .reject(let rejection):
                    Issue.record("seed \(seed): node refused the payer's voucher: \(rejection)")
                    return
                }
            case 5:  // a replayed voucher, or one over the cap
                let stale = try Voucher.sign(domain: Fixtures.domain, channel: 3, spent: deposit, nonce: payer.nonce, payerKey: Fixtures.payerKey)
                guard case .reject = node.authorize(voucher: stale, promptTokens: 1, maxCompletionTokens: 1) else {
                    Issue.record("seed \(seed): replayed nonce \(payer.nonce) accepted")
                    return
                }
            case 6 where !inFlight.isEmpty:  // a request fails before anything is billed
                let (reservation, pending) = inFlight.remove(at: Int(random.next() % UInt64(inFlight.count)))
                try node.release(reservation)
                try payer.abandon(pending)
            case 7..<10 where !inFlight.isEmpty:  // a request completes, in any order
                let (reservation, pending) = inFlight.remove(at: Int(random.next() % UInt64(inFlight.count)))
                let completion = reservation.maxCompletionTokens == 0 ? 0 : random.next() % (reservation.maxCompletionTokens + 1)
                let charge = try node.settle(reservation, completionTokens: completion)
                let payerCost = try payer.complete(pending, completionTokens: completion)
                #expect(payerCost == charge.cost)
                charged = Cost(creator: charged.creator + charge.cost.creator, provider: charged.provider + charge.cost.provider)
            default:
                continue
            }
            guard case .open(let channel) = node.state else { Issue.record("seed \(seed): channel not open"); return }
            #expect(channel.spent <= deposit && channel.worstCase()!.total <= deposit)
            #expect(channel.charged == charged)
            #expect(payer.charged == channel.charged && payer.nonce == channel.voucherNonce)
            #expect(try payer.worstCase() == channel.worstCase())
        }

        // Close: the payer's pending requests finish first; then every yoctoNEAR is accounted for.
        for (reservation, pending) in inFlight {
            let charge = try node.settle(reservation, completionTokens: reservation.maxCompletionTokens)
            try payer.complete(pending, completionTokens: pending.maxCompletionTokens)
            charged = Cost(creator: charged.creator + charge.cost.creator, provider: charged.provider + charge.cost.provider)
        }
        guard case .signClosure(let terms) = try node.requestClosure(nonce: 1) else { Issue.record("seed \(seed): no closure"); return }
        #expect(terms.spent == charged.total && terms.modelShare == charged.creator && terms.providerFee == charged.provider)
        #expect(terms.spent == payer.spent)
        // The contract's payout of the channel's 2·D: user D − S, provider (S − M) + D, beneficiary M.
        let (user, provider, beneficiary) = (deposit - terms.spent, terms.providerFee + deposit, terms.modelShare)
        #expect(user + provider + beneficiary == 2 * deposit)
    }
}
