import Crypto
import Foundation
import NearLightClient
import Testing
@testable import Payments

/// The ledger's snapshot + log: what a restart recovers after each kind of change, after a crash
/// mid-write, and what it refuses (records from another ledger, out of order, or tampered with);
/// and group commit under concurrent settles.
extension ChannelLedgerTests {
    var logPath: String { path + ".log" }

    func reload(_ counter: any MonotonicCounter, logLimit: Int = ChannelLedger.defaultLogLimit) async throws -> ChannelLedger {
        try await ChannelLedger.load(path: path, counter: counter, key: key, logLimit: logLimit)
    }

    func logBytes() throws -> [UInt8] {
        try Array(Data(contentsOf: URL(fileURLWithPath: logPath)))
    }

    func writeLog(_ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: logPath))
    }

    @Test func aRestartRecoversTheStateAfterEveryKindOfChange() async throws {
        let hardware = SimulatedHardwareCounter()
        // A log of at most two records, so settles also write snapshots and reset the log.
        let limit = 2 * LedgerLog.frameLength
        let ledger = try await ChannelLedger.create(path: path, domain: Fixtures.domain, counter: hardware, key: key, logLimit: limit)
        #expect(try await reload(hardware).machine.recovers(ledger.machine))
        let challenge = try await ledger.issueChallenge(Challenge.random())
        #expect(try await reload(hardware).machine.recovers(ledger.machine))
        try await ledger.establish(Fixtures.facts(challenge: challenge))
        #expect(try await reload(hardware).machine.recovers(ledger.machine))
        for nonce in 1...5 {
            try await spend(ledger, nonce: UInt64(nonce), cumulative: 6_800 * UInt128(nonce) + 2_700)
            let restarted = try await reload(hardware, logLimit: limit)
            #expect(await restarted.machine.recovers(ledger.machine))
            #expect(await restarted.recordedCounter == ledger.recordedCounter)
            #expect(await restarted.staleness == nil)
            #expect(try logBytes().count <= limit)
        }
        let approval = try await ledger.requestClosure(signingKey: Fixtures.nodeKey)
        #expect(approval.terms.spent == 5 * 6_800)
        let restarted = try await reload(hardware)
        #expect(await restarted.machine.recovers(ledger.machine))
        // Closed is closed after a restart too: the same terms again.
        #expect(try await restarted.requestClosure(signingKey: Fixtures.nodeKey).terms == approval.terms)
    }

    @Test func aTornTailIsACommitThatNeverHappened() async throws {
        let hardware = SimulatedHardwareCounter()
        let ledger = try await openLedger(counter: hardware)
        try await spend(ledger, nonce: 1, cumulative: 9_500)
        let settled = try logBytes()
        let cases: [(String, [UInt8])] = [
            ("half a record", Array(settled[0..<LedgerLog.frameLength / 2])),
            ("a whole record that does not authenticate", settled.map { $0 ^ 0x5A }),
            ("a record of zeros", [UInt8](repeating: 0, count: LedgerLog.frameLength)),
        ]
        for (what, tail) in cases {
            try writeLog(settled + tail)
            let restarted = try await reload(hardware)
            #expect(await restarted.staleness == nil, "\(what)")
            #expect(await restarted.machine.recovers(ledger.machine), "\(what)")
            #expect(try logBytes() == settled, "the torn tail (\(what)) is cut off")
        }
        // The restarted ledger goes on from there.
        let restarted = try await reload(hardware)
        try await spend(restarted, nonce: 2, cumulative: 6_800 + 9_500)
        #expect(try await reload(hardware).requestClosure(signingKey: Fixtures.nodeKey).terms.spent == 13_600)
    }

    @Test func aRecordFromAnotherLedgerIsRefused() async throws {
        // Two ledgers with the same key and counter history; B charged more than A.
        let hardware = SimulatedHardwareCounter()
        let other = SimulatedHardwareCounter()
        let ledger = try await openLedger(counter: hardware)
        let otherPath = directory + "/other.ledger"
        let otherLedger = try await ChannelLedger.create(path: otherPath, domain: Fixtures.domain, counter: other, key: key)
        try await otherLedger.establish(Fixtures.facts(challenge: otherLedger.issueChallenge(Challenge.random())))
        try await spend(ledger, nonce: 1, cumulative: 9_500)
        try await spend(otherLedger, nonce: 1, cumulative: 9_500)
        try await spend(otherLedger, nonce: 2, cumulative: 6_800 + 9_500)
        let foreign = try Array(Data(contentsOf: URL(fileURLWithPath: otherPath + ".log")))
        let own = try logBytes()

        // Appended after A's own record (at the counter value A would commit next): not authentic
        // for A, so not a commit: A loads as it was.
        try writeLog(own + foreign[LedgerLog.frameLength...])
        let appended = try await reload(hardware)
        #expect(await appended.staleness == nil)
        #expect(await appended.machine.recovers(ledger.machine))

        // In place of A's record: A's commit is lost, and A is stale (the counter saw it).
        try writeLog(Array(foreign[0..<LedgerLog.frameLength]))
        let swapped = try await reload(hardware)
        await #expect(throws: LedgerError.staleState(recorded: 3, counter: 4)) {
            try await swapped.requestClosure(signingKey: Fixtures.nodeKey)
        }
    }

    @Test func anUnauthenticRecordFollowedByAuthenticOnesIsTampering() async throws {
        let hardware = SimulatedHardwareCounter()
        let ledger = try await openLedger(counter: hardware)
        for nonce in 1...3 {
            try await spend(ledger, nonce: UInt64(nonce), cumulative: 6_800 * UInt128(nonce) + 2_700)
        }
        let log = try logBytes()
        var damaged = log
        damaged[LedgerLog.frameLength + 20] ^= 0x01  // inside the second of three records
        try writeLog(damaged)
        await #expect(throws: LedgerError.self) { try await reload(hardware) }
        do { _ = try await reload(hardware) } catch LedgerError.tampered(let path, _) {
            #expect(path == logPath)
        }

        // Records out of order are tampering too.
        let frame = LedgerLog.frameLength
        try writeLog(Array(log[0..<frame] + log[2 * frame..<3 * frame] + log[frame..<2 * frame]))
        await #expect(throws: LedgerError.self) { try await reload(hardware) }
    }

    @Test func aCreationWhoseIncrementFailsLeavesNoLedgerBehind() async throws {
        let hardware = SimulatedHardwareCounter()
        let flaky = FlakyCounter(wrapping: hardware)
        await flaky.failNextIncrement()
        await #expect(throws: LedgerError.self) {
            try await ChannelLedger.create(path: path, domain: Fixtures.domain, counter: flaky, key: key)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        _ = try await openLedger(counter: hardware)
    }

    @Test func concurrentSettlesShareACommitAndKeepEveryCharge() async throws {
        let hardware = SimulatedHardwareCounter()
        let gate = GatedCounter(wrapping: hardware)
        let ledger = try await openLedger(counter: gate)
        let requests = 20
        var authorized: [Reservation] = []
        for nonce in 1...requests {
            let action = try await ledger.authorize(
                voucher: try Fixtures.voucher(spent: 1_000_000, nonce: UInt64(nonce)), promptTokens: 1000, maxCompletionTokens: 500)
            guard case .proceed(let reservation) = action else { throw LedgerTestFailure.refused("\(action)") }
            authorized.append(reservation)
        }
        let reservations = authorized
        let before = await hardware.current()
        await gate.close()
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The first settle leads a commit, which waits at the counter…
            group.addTask { _ = try await ledger.settle(reservations[0], completionTokens: 200) }
            while await gate.waiting == 0 { await Task.yield() }
            // …while the others arrive; they join the next commit.
            for reservation in reservations.dropFirst() {
                group.addTask { _ = try await ledger.settle(reservation, completionTokens: 200) }
            }
            while await ledger.inFlight > 0 { await Task.yield() }
            await gate.open()
            try await group.waitForAll()
        }
        #expect(await hardware.current() == before + 2)  // one commit for the first, one for the other 19
        // P = 20,000 and C = 4,000: 60,000 + 28,000 for the model, 48,000 fee.
        let expected = Cost(creator: 88_000, provider: 48_000)
        guard case .open(let channel) = await ledger.machine.state else { Issue.record("not open"); return }
        #expect(channel.charged == expected)
        let restarted = try await reload(hardware)
        guard case .open(let recovered) = await restarted.machine.state else { Issue.record("not open"); return }
        #expect(recovered.charged == expected)
        #expect(recovered.voucherNonce == UInt64(requests))
        #expect(try await restarted.requestClosure(signingKey: Fixtures.nodeKey).terms.spent == expected.total)
    }
}

extension ChannelLedger {
    /// Requests authorized and not yet settled or released.
    var inFlight: Int {
        guard case .open(let channel) = machine.state else { return 0 }
        return channel.reservations.count
    }
}

/// A counter whose increments wait while it is closed, so a test can hold a commit at the counter.
actor GatedCounter: MonotonicCounter {
    private let inner: SimulatedHardwareCounter
    private var closed = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(wrapping inner: SimulatedHardwareCounter) {
        self.inner = inner
    }

    var waiting: Int { waiters.count }

    func close() {
        closed = true
    }

    func open() {
        closed = false
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    func current() async throws -> UInt64 { await inner.current() }

    func increment() async throws -> UInt64 {
        if closed { await withCheckedContinuation { waiters.append($0) } }
        return await inner.increment()
    }
}
