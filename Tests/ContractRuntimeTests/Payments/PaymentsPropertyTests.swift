import Foundation
import NearLightClient
import Testing
@testable import Devnet

/// SplitMix64: a small seeded generator, so a failing sequence can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random sequences of opens, locks, closes, force closes, answers, finalizations and clock
/// steps, right and wrong, against a reference model: every call succeeds exactly when the model
/// says it should, every payout is what the model predicts, and at every step the contract's
/// balance equals its own ledger equals what the open channels hold; at the end, after
/// everything is closed, every yoctoNEAR deposited has been paid out to the right account.
@Suite struct PaymentsPropertyTests {
    typealias F = MarketFixture

    struct ModelChannel {
        var deposit: UInt128
        var user: String
        var challenge: [UInt8]
        var state: String // pending, active, closing, closed
        var deadline: UInt64 = 0
        var held: UInt128 { state == "pending" ? deposit : (state == "closed" ? 0 : 2 * deposit) }
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func everyYoctoIsAccountedFor(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let period: UInt64 = 30
        let chain = try MarketChain(challengePeriodSeconds: period)
        let market = try F(chain: chain)
        let users = [F.alice, "erin.test"]
        var model: [ModelChannel] = []
        var expectedPaid: [String: UInt128] = [:]
        var challengeCounter: UInt8 = 0

        let minimum = F.minimumDeposit
        /// Deposits around the minimum and far above it; one in eight below it.
        func randomAmount() -> UInt128 {
            switch rng.next() % 8 {
            case 0: return UInt128(rng.next()) % minimum
            case 1, 2: return minimum + UInt128(rng.next() % 1_000)
            case 3, 4: return minimum + UInt128(rng.next())
            default: return minimum + UInt128(rng.next()) * UInt128(rng.next() % 1_000_000_000 + 1)
            }
        }
        /// Uniform-ish in 0...bound (two 64-bit draws).
        func below(_ bound: UInt128) -> UInt128 {
            let wide = UInt128(rng.next()) << 64 | UInt128(rng.next())
            switch rng.next() % 4 {
            case 0: return 0
            case 1: return bound
            default: return wide % (bound + 1)
            }
        }
        func pay(_ account: String, _ amount: UInt128) { if amount > 0 { expectedPaid[account, default: 0] += amount } }
        func expectTransfers(_ outcome: WasmCallOutcome, _ expected: [(String, UInt128)], _ context: String) {
            let got = transfers(outcome)
            let want = expected.filter { $0.1 > 0 }
            #expect(got.map(\.0) == want.map(\.0), "\(context)")
            #expect(got.map(\.1) == want.map(\.1), "\(context)")
        }
        func closeWithApproval(_ i: Int, entry: String, valid: Bool, step: Int) {
            let c = model[i]
            let overspend = rng.next() % 8 == 0
            let spent = overspend ? c.deposit + 1 : below(c.deposit)
            let share = below(spent)
            let nonce = rng.next() % 1_000
            let args = market.approval(UInt64(i), spent: spent, modelShare: share, nonce: nonce, challenge: c.challenge, key: valid ? nil : TEEKey(77))
            let outcome = chain.call(entry, args, from: rng.next() % 2 == 0 ? c.user : F.bob)
            let inWindow = c.state == "active" && entry == "close_cooperative" || c.state == "closing" && chain.now < c.deadline
            let ok = inWindow && valid && !overspend
            #expect((panicMessage(outcome) == nil) == ok, "seed \(seed) step \(step): \(entry) on \(c.state) valid=\(valid) overspend=\(overspend): \(outcome.result)")
            if ok {
                let expected = [(c.user, c.deposit - spent), (F.bob, c.deposit + spent - share), (F.charlieTreasury, share)]
                expectTransfers(outcome, expected, "seed \(seed) step \(step) \(entry)")
                for (a, v) in expected { pay(a, v) }
                model[i].state = "closed"
            }
        }

        for step in 0..<70 {
            let op = model.isEmpty ? 0 : Int(rng.next() % 8)
            let i = model.isEmpty ? 0 : Int(rng.next() % UInt64(model.count))
            switch op {
            case 0: // open
                let user = users[Int(rng.next() % 2)]
                let d = randomAmount()
                challengeCounter &+= 1
                let challenge = challengeBytes(challengeCounter)
                if d < minimum {
                    let refused = chain.call("open_channel", #"{"model_id":"\#(F.model)","provider":"\#(F.bob)","challenge":"\#(Hex.encode(challenge))"}"#,
                                             from: user, deposit: d)
                    #expect(panicMessage(refused)?.hasPrefix("open_channel needs an attached deposit") == true, "seed \(seed) step \(step)")
                } else {
                    let id = try market.open(d, challenge: challenge, from: user)
                    #expect(id == UInt64(model.count))
                    model.append(ModelChannel(deposit: d, user: user, challenge: challenge, state: "pending"))
                }
            case 1: // lock, right or wrong amount, by Bob or not
                let c = model[i]
                let right = rng.next() % 4 != 0
                let amount = right ? c.deposit : c.deposit + UInt128(rng.next() % 3) + 1
                let fromBob = rng.next() % 6 != 0
                let outcome = market.lock(UInt64(i), amount, from: fromBob ? F.bob : c.user)
                let ok = c.state == "pending" && right && fromBob
                #expect((panicMessage(outcome) == nil) == ok, "seed \(seed) step \(step): lock on \(c.state) right=\(right) bob=\(fromBob): \(outcome.result)")
                if ok { model[i].state = "active" }
            case 2, 3: // cooperative close, sometimes with a wrong key
                closeWithApproval(i, entry: "close_cooperative", valid: rng.next() % 4 != 0, step: step)
            case 4: // force close, by the user or someone else
                let c = model[i]
                let byUser = rng.next() % 5 != 0
                let outcome = chain.call("force_close", #"{"channel_id":\#(i)}"#, from: byUser ? c.user : F.bob)
                let ok = byUser && (c.state == "pending" || c.state == "active")
                #expect((panicMessage(outcome) == nil) == ok, "seed \(seed) step \(step): force_close on \(c.state) byUser=\(byUser): \(outcome.result)")
                if ok && c.state == "pending" {
                    expectTransfers(outcome, [(c.user, c.deposit)], "cancel")
                    pay(c.user, c.deposit)
                    model[i].state = "closed"
                } else if ok {
                    model[i].state = "closing"
                    model[i].deadline = chain.now + period * 1_000_000_000
                }
            case 5: // answer
                closeWithApproval(i, entry: "answer_force_close", valid: rng.next() % 4 != 0, step: step)
            case 6: // finalize
                let c = model[i]
                let outcome = chain.call("finalize_force_close", #"{"channel_id":\#(i)}"#, from: "anyone.test")
                let ok = c.state == "closing" && chain.now >= c.deadline
                #expect((panicMessage(outcome) == nil) == ok, "seed \(seed) step \(step): finalize on \(c.state): \(outcome.result)")
                if ok {
                    expectTransfers(outcome, [(c.user, c.deposit), (F.charlieTreasury, c.deposit)], "finalize")
                    pay(c.user, c.deposit)
                    pay(F.charlieTreasury, c.deposit)
                    model[i].state = "closed"
                }
            default: // the clock moves 0 to 2T seconds
                chain.now += (rng.next() % (2 * period + 1)) * 1_000_000_000
            }
            let held = model.reduce(UInt128(0)) { $0 + $1.held }
            #expect(chain.channelBalance == held, "seed \(seed) step \(step)")
            #expect(try chain.held() == held, "seed \(seed) step \(step)")
            #expect(chain.channelBalance + chain.totalPaid == chain.depositsIn, "seed \(seed) step \(step)")
            #expect(chain.paidOut == expectedPaid, "seed \(seed) step \(step)")
        }

        // Wind everything down: pending channels are cancelled, the rest force-closed and left
        // unanswered past the deadline.
        for (i, c) in model.enumerated() where c.state == "pending" || c.state == "active" {
            #expect(panicMessage(chain.call("force_close", #"{"channel_id":\#(i)}"#, from: c.user)) == nil)
            if c.state == "pending" { pay(c.user, c.deposit) }
        }
        chain.now += (period + 1) * 1_000_000_000
        for (i, c) in model.enumerated() where c.state == "active" || c.state == "closing" {
            #expect(panicMessage(chain.call("finalize_force_close", #"{"channel_id":\#(i)}"#, from: "anyone.test")) == nil)
            pay(c.user, c.deposit)
            pay(F.charlieTreasury, c.deposit)
        }
        #expect(chain.channelBalance == 0)
        #expect(try chain.held() == 0)
        #expect(chain.totalPaid == chain.depositsIn)
        #expect(chain.paidOut == expectedPaid)
    }
}
