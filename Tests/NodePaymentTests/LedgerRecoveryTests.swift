@testable import DCMLClient
import Foundation
import NearLightClient
@testable import Node
import Payments
import Testing

/// A commit that fails midway (a disk or counter error) halts that ledger instance; the service
/// loads the channel again from disk and counter on its next use, instead of refusing it until
/// the node restarts.
@Suite struct LedgerRecoveryTests {
    @Test func aChannelHaltedByAFailedCommitIsRecoveredFromDiskOnItsNextUse() async throws {
        let state = try await PaidNodeState.make()
        defer { try? FileManager.default.removeItem(atPath: state.directory) }
        let failure = FailSwitch()
        let payments = try await state.startPayments(counters: FlakyCounters(failure: failure))
        let payer = SecretKey.generate()
        let facts = try await state.establish(7, challenge: try await payments.issueChallenge(), payer: payer, on: payments)
        let first = try await payments.charge(nonce: 1, facts: facts, payer: payer)

        failure.arm()
        await #expect(throws: LedgerError.self) { _ = try await payments.charge(nonce: 2, facts: facts, payer: payer) }

        // Recovered: the failed request was never charged, and the channel goes on from what is durable.
        guard case .open(let channel) = try await payments.account(of: 7) else { Issue.record("channel 7 is not open after recovery"); return }
        #expect(channel.spent == first.spent && channel.voucherNonce == 1)
        let next = try await payments.charge(nonce: 3, facts: facts, payer: payer)
        #expect(next.spent == (try facts.prices.cost(promptTokens: 20, completionTokens: 10).total))
        let approval = try await payments.close(channel: 7)
        #expect(approval.terms.spent == next.spent && approval.isValid)
    }

    @Test func aPaidRequestAfterAFailedCommitIsServedFromTheRecoveredChannel() async throws {
        var state = try await PaidNodeState.make()
        defer { try? FileManager.default.removeItem(atPath: state.directory) }
        let failure = FailSwitch()
        state.counters = FlakyCounters(failure: failure)
        try await PaidNode.with(state) { node in
            let (session, _) = try await node.openSession()
            let first = try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 1)
            failure.arm()
            // The settle's commit fails: the request fails and is not charged.
            await #expect(throws: DCMLClientError.self) { _ = try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 1) }
            // The next request's voucher meets the halted ledger, which the node replaces from disk
            // before authorizing it (nothing else touched the channel in between).
            let next = try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 1)
            #expect(next.spent == (try session.facts.prices.cost(
                promptTokens: first.promptTokens + next.promptTokens, completionTokens: first.completionTokens + next.completionTokens).total))
        }
    }
}

/// Makes the next counter increment fail once armed.
final class FailSwitch: @unchecked Sendable {
    private let lock = NSLock()
    private var armed = false

    func arm() { lock.withLock { armed = true } }

    /// Whether to fail now (disarms).
    func take() -> Bool {
        lock.withLock {
            defer { armed = false }
            return armed
        }
    }
}

/// In-memory simulated counters whose increments fail when `failure` is armed.
struct FlakyCounters: ChannelCounters {
    let failure: FailSwitch
    private let inner = SimulatedChannelCounters()

    init(failure: FailSwitch) {
        self.failure = failure
    }

    func counter(for ledger: String) async throws -> any MonotonicCounter {
        FlakyCounter(inner: try await inner.counter(for: ledger), failure: failure)
    }
}

struct FlakyCounter: MonotonicCounter {
    let inner: any MonotonicCounter
    let failure: FailSwitch

    struct DeviceError: Error, CustomStringConvertible {
        var description: String { "simulated counter device error" }
    }

    func current() async throws -> UInt64 { try await inner.current() }

    func increment() async throws -> UInt64 {
        if failure.take() { throw DeviceError() }
        return try await inner.increment()
    }
}
