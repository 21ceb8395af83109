import Foundation
import NearLightClient
@testable import Node
import Payments
import Testing

/// Challenges expire if no channel is established with them: they stop blocking new channels, and
/// a provider who locked his deposit for such a channel gets it back through a zero-spent approval.
@Suite struct ChallengeExpiryTests {
    let lifetime = PaymentService.defaultChallengeLifetime

    @Test func expiredChallengesStopCountingAgainstTheLimit() async throws {
        let state = try await PaidNodeState.make()
        defer { try? FileManager.default.removeItem(atPath: state.directory) }
        let clock = ManualClock()
        let counters = SimulatedChannelCounters()
        let payments = try await state.startPayments(counters: counters, clock: clock)
        for _ in 0..<PaymentService.maxPendingChallenges { _ = try await payments.issueChallenge() }
        let refused = await #expect(throws: APIError.self) { try await payments.issueChallenge() }
        #expect(refused?.code == "too_many_challenges")
        #expect(refused?.message.contains("expire") == true)

        clock.advance(by: lifetime)
        _ = try await payments.issueChallenge()

        // A restarted node does not bring the expired ones back.
        let restarted = try await state.startPayments(counters: counters, clock: clock)
        for _ in 1..<PaymentService.maxPendingChallenges { _ = try await restarted.issueChallenge() }
        await #expect(throws: APIError.self) { try await restarted.issueChallenge() }
    }

    @Test func aChannelLockedForAnExpiredChallengeClosesAtZeroSpent() async throws {
        let state = try await PaidNodeState.make()
        defer { try? FileManager.default.removeItem(atPath: state.directory) }
        let clock = ManualClock()
        let counters = SimulatedChannelCounters()
        let payments = try await state.startPayments(counters: counters, clock: clock)
        let payer = SecretKey.generate()
        let late = try await payments.issueChallenge()
        let forgotten = try await payments.issueChallenge()
        let forceClosed = try await payments.issueChallenge()
        clock.advance(by: lifetime + 1)

        // Established too late: refused, with the way out; the channel is closed at zero on the node.
        let expired = await #expect(throws: APIError.self) { try await state.establish(9, challenge: late, payer: payer, on: payments) }
        #expect(expired?.code == "challenge_expired")
        #expect(expired?.message.contains("POST /v1/payments/close") == true)
        let approval = try await payments.close(channel: 9)
        #expect(approval.isValid)
        #expect(approval.signer.bytes == state.signingKey)
        #expect(approval.terms.channel == 9 && approval.terms.challenge == late)
        #expect(approval.terms.spent == 0 && approval.terms.modelShare == 0)
        #expect(try await state.answerForceClose(9, challenge: late, payer: payer, on: payments).terms == approval.terms)
        // Never served.
        await #expect(throws: APIError.self) { try await payments.ledger(charging: 9) }

        // After a restart the node holds nothing of its expired challenges in memory; the proofs
        // find them on disk.
        let restarted = try await state.startPayments(counters: counters, clock: clock)
        await #expect(throws: APIError.self) { try await state.establish(10, challenge: forgotten, payer: payer, on: restarted) }
        #expect(try await restarted.close(channel: 10).terms.spent == 0)
        let answer = try await state.answerForceClose(11, challenge: forceClosed, payer: payer, on: restarted)
        #expect(answer.isValid && answer.terms.channel == 11 && answer.terms.challenge == forceClosed && answer.terms.spent == 0)
        // And a closed one stays closed: establishing it now is refused.
        await #expect(throws: APIError.self) { try await state.establish(11, challenge: forceClosed, payer: payer, on: restarted) }
    }

    @Test func aChallengeEstablishedInTimeIsServedNotClosed() async throws {
        let state = try await PaidNodeState.make()
        defer { try? FileManager.default.removeItem(atPath: state.directory) }
        let clock = ManualClock()
        let payments = try await state.startPayments(counters: SimulatedChannelCounters(), clock: clock)
        let payer = SecretKey.generate()
        let challenge = try await payments.issueChallenge()
        clock.advance(by: lifetime - 1)
        let facts = try await state.establish(3, challenge: challenge, payer: payer, on: payments)
        clock.advance(by: 2)
        // Past the lifetime, an established channel is served and charged, and a force close is
        // answered at what was charged, not at zero.
        let charge = try await payments.charge(nonce: 1, facts: facts, payer: payer)
        #expect(charge.spent > 0)
        let closing = try await state.answerForceClose(3, challenge: challenge, payer: payer, on: payments)
        #expect(closing.terms.spent == charge.spent)
    }
}
