import Crypto
import Foundation
import NearLightClient
import Testing
@testable import Payments

@Suite struct ChannelLedgerTests {
    let directory: String
    let path: String
    let key = SymmetricKey(size: .bits256)

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("payments-ledger-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/channels.ledger"
    }

    /// A ledger with channel 7 open (deposit 1,000,000).
    func openLedger(counter: any MonotonicCounter) async throws -> ChannelLedger {
        let ledger = try await ChannelLedger.create(path: path, domain: Fixtures.domain, counter: counter, key: key)
        let challenge = try await ledger.issueChallenge(Challenge.random())
        try await ledger.establish(Fixtures.facts(challenge: challenge))
        return ledger
    }

    /// One request of 1000 prompt tokens and 200 of at most 500 completion tokens: charges 6,800.
    func spend(_ ledger: ChannelLedger, nonce: UInt64, cumulative: UInt128) async throws {
        let action = try await ledger.authorize(
            voucher: try Fixtures.voucher(spent: cumulative, nonce: nonce), promptTokens: 1000, maxCompletionTokens: 500)
        guard case .proceed(let reservation) = action else { throw LedgerTestFailure.refused("\(action)") }
        _ = try await ledger.settle(reservation, completionTokens: 200)
    }

    /// The ledger's files as a host copies them (a disk snapshot), and puts them back.
    struct DiskCopy {
        let files: [String: Data]

        init(of path: String) throws {
            var files: [String: Data] = [:]
            for file in [path, path + ".log"] where FileManager.default.fileExists(atPath: file) {
                files[file] = try Data(contentsOf: URL(fileURLWithPath: file))
            }
            self.files = files
        }

        func restore() throws {
            for (file, bytes) in files { try bytes.write(to: URL(fileURLWithPath: file)) }
        }
    }

    @Test func everyChargeIsPersistedAndBoundToTheCounter() async throws {
        let counter = SimulatedHardwareCounter(value: 41)
        let ledger = try await openLedger(counter: counter)
        #expect(await ledger.recordedCounter == 44)  // create, challenge, establish
        try await spend(ledger, nonce: 1, cumulative: 9_500)
        #expect(await ledger.recordedCounter == 45)  // settle (authorize is not persisted)
        #expect(await counter.current() == 45)

        let reloaded = try await ChannelLedger.load(path: path, counter: counter, key: key)
        #expect(await reloaded.machine.recovers(ledger.machine))
        #expect(await reloaded.staleness == nil)
        let approval = try await reloaded.requestClosure(signingKey: Fixtures.nodeKey)
        #expect(approval.isValid)
        guard case .open(let channel) = await ledger.machine.state else { Issue.record("not open"); return }
        // The approval's nonce is the counter value the closed state is recorded at.
        #expect(approval.terms == ClosureTerms(domain: Fixtures.domain, channel: 7, challenge: channel.challenge, spent: 6_800, modelShare: 4_400, nonce: 46))
        #expect(await counter.current() == 46)
    }

    @Test func restoringASnapshotAfterSpendingCannotGetAClosure() async throws {
        // §6.1: Bob snapshots the node right after the channel opens, Alice spends, Bob restores
        // the snapshot and asks for a closure at the earlier, cheaper state.
        let hardware = SimulatedHardwareCounter()  // outside the snapshotted state, like a TDX counter
        let ledger = try await openLedger(counter: hardware)
        let snapshot = try DiskCopy(of: path)
        try await spend(ledger, nonce: 1, cumulative: 9_500)
        try await spend(ledger, nonce: 2, cumulative: 6_800 + 9_500)

        try snapshot.restore()
        let restored = try await ChannelLedger.load(path: path, counter: hardware, key: key)
        guard case .open(let channel) = await restored.machine.state else { Issue.record("snapshot not open"); return }
        #expect(channel.spent == 0)
        await #expect(throws: LedgerError.staleState(recorded: 3, counter: 5)) {
            try await restored.requestClosure(signingKey: Fixtures.nodeKey)
        }
        await #expect(throws: LedgerError.staleState(recorded: 3, counter: 5)) {
            try await restored.answerUnilateralClose(channel: 7, signingKey: Fixtures.nodeKey)
        }
        // Nor can it be spent again.
        await #expect(throws: LedgerError.staleState(recorded: 3, counter: 5)) {
            try await restored.authorize(voucher: try Fixtures.voucher(spent: 9_500, nonce: 1), promptTokens: 1, maxCompletionTokens: 1)
        }
        // The genuine, newest state still closes at what was spent.
        let genuine = try await ledger.requestClosure(signingKey: Fixtures.nodeKey)
        #expect(genuine.terms.spent == 13_600)
    }

    @Test func restoringAnOlderCopyOfSnapshotAndLogIsStale() async throws {
        // The copy is taken after some charges are in the log, so it holds a snapshot and records.
        let hardware = SimulatedHardwareCounter()
        let ledger = try await openLedger(counter: hardware)
        try await spend(ledger, nonce: 1, cumulative: 9_500)
        let copy = try DiskCopy(of: path)
        try await spend(ledger, nonce: 2, cumulative: 6_800 + 9_500)
        try copy.restore()
        let restored = try await ChannelLedger.load(path: path, counter: hardware, key: key)
        guard case .open(let channel) = await restored.machine.state else { Issue.record("copy not open"); return }
        #expect(channel.spent == 6_800)
        await #expect(throws: LedgerError.staleState(recorded: 4, counter: 5)) {
            try await restored.requestClosure(signingKey: Fixtures.nodeKey)
        }
    }

    @Test func aClonedNodeGoesStaleAtItsFirstSettleAfterTheOtherCopyCharged() async throws {
        // Two VMs started from one snapshot: both load as fresh; the first to commit wins the counter.
        let hardware = SimulatedHardwareCounter()
        _ = try await openLedger(counter: hardware)
        let copyA = try await ChannelLedger.load(path: path, counter: hardware, key: key)
        let copyB = try await ChannelLedger.load(path: path, counter: hardware, key: key)
        try await spend(copyA, nonce: 1, cumulative: 9_500)
        // B accepts the request in memory (nothing persisted), but cannot commit its charge.
        guard case .proceed(let reservation) = try await copyB.authorize(
            voucher: try Fixtures.voucher(spent: 9_500, nonce: 1), promptTokens: 1000, maxCompletionTokens: 500)
        else { Issue.record("refused"); return }
        await #expect(throws: LedgerError.staleState(recorded: 3, counter: 5)) {
            try await copyB.settle(reservation, completionTokens: 200)
        }
        await #expect(throws: LedgerError.staleState(recorded: 3, counter: 5)) {
            try await copyB.authorize(voucher: try Fixtures.voucher(spent: 9_500, nonce: 2), promptTokens: 1, maxCompletionTokens: 1)
        }
        // The losing increment moved the counter past A too: a provider who clones cannot close at
        // all (so his deposit goes to the model's beneficiary when the payer force-closes).
        await #expect(throws: LedgerError.self) { try await copyB.requestClosure(signingKey: Fixtures.nodeKey) }
        await #expect(throws: LedgerError.staleState(recorded: 4, counter: 5)) { try await copyA.requestClosure(signingKey: Fixtures.nodeKey) }
    }

    @Test func aCrashBetweenWriteAndIncrementIsFinishedOnLoad() async throws {
        let hardware = SimulatedHardwareCounter()
        let ledger = try await openLedger(counter: hardware)
        try await spend(ledger, nonce: 1, cumulative: 9_500)
        // The settled state is in the log at 4; a counter still at 3 is what a node that died right
        // after writing it, before incrementing, leaves behind.
        let counterBeforeTheIncrement = SimulatedHardwareCounter(value: 3)
        let restarted = try await ChannelLedger.load(path: path, counter: counterBeforeTheIncrement, key: key)
        #expect(await counterBeforeTheIncrement.current() == 4)
        #expect(await restarted.staleness == nil)
        let approval = try await restarted.requestClosure(signingKey: Fixtures.nodeKey)
        #expect(approval.terms.spent == 6_800)
    }

    @Test func aFailedIncrementTakesTheChargeBackAndHaltsTheLedger() async throws {
        let hardware = SimulatedHardwareCounter()
        let flaky = FlakyCounter(wrapping: hardware)
        let ledger = try await openLedger(counter: flaky)
        guard case .proceed(let reservation) = try await ledger.authorize(
            voucher: try Fixtures.voucher(spent: 9_500, nonce: 1), promptTokens: 1000, maxCompletionTokens: 500)
        else { Issue.record("refused"); return }
        await flaky.failNextIncrement()
        await #expect(throws: LedgerError.self) { try await ledger.settle(reservation, completionTokens: 200) }
        // Its memory may be ahead of the disk now: it refuses everything until a restart.
        await #expect(throws: LedgerError.self) {
            try await ledger.authorize(voucher: try Fixtures.voucher(spent: 9_500, nonce: 2), promptTokens: 1, maxCompletionTokens: 1)
        }
        await #expect(throws: LedgerError.self) { try await ledger.requestClosure(signingKey: Fixtures.nodeKey) }
        // The restart finds the state before the charge, fresh.
        let restarted = try await ChannelLedger.load(path: path, counter: hardware, key: key)
        #expect(await restarted.staleness == nil)
        #expect(try await restarted.requestClosure(signingKey: Fixtures.nodeKey).terms.spent == 0)
    }

    @Test func requestsInFlightAtACrashAreNotCharged() async throws {
        // Reservations live in memory only: a node killed mid-generation charges nothing for it.
        let hardware = SimulatedHardwareCounter()
        let ledger = try await openLedger(counter: hardware)
        try await spend(ledger, nonce: 1, cumulative: 9_500)
        guard case .proceed = try await ledger.authorize(
            voucher: try Fixtures.voucher(spent: 6_800 + 9_500, nonce: 2), promptTokens: 1000, maxCompletionTokens: 500)
        else { Issue.record("refused"); return }
        #expect(await hardware.current() == 4)  // create, challenge, establish, settle
        let restarted = try await ChannelLedger.load(path: path, counter: hardware, key: key)
        let approval = try await restarted.requestClosure(signingKey: Fixtures.nodeKey)
        #expect(approval.terms.spent == 6_800)
        #expect(approval.terms.nonce == 5)
    }

    @Test func aReleasedRequestIsNotChargedAfterARestart() async throws {
        let hardware = SimulatedHardwareCounter()
        let ledger = try await openLedger(counter: hardware)
        guard case .proceed(let reservation) = try await ledger.authorize(
            voucher: try Fixtures.voucher(spent: 9_500, nonce: 1), promptTokens: 1000, maxCompletionTokens: 500)
        else { Issue.record("refused"); return }
        try await ledger.release(reservation)
        let restarted = try await ChannelLedger.load(path: path, counter: hardware, key: key)
        #expect(try await restarted.requestClosure(signingKey: Fixtures.nodeKey).terms.spent == 0)
    }

    @Test func theFilesAreSealedWithTheLedgerKey() async throws {
        let hardware = SimulatedHardwareCounter()
        let ledger = try await openLedger(counter: hardware)
        try await spend(ledger, nonce: 1, cumulative: 9_500)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let log = try Data(contentsOf: URL(fileURLWithPath: path + ".log"))
        #expect(log.count == 60)
        for file in [bytes, log] {
            let text = String(decoding: file, as: UTF8.self)
            #expect(!text.contains("payments.dcml.test") && !text.contains(Fixtures.payerKey.publicKey.description))
        }
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))

        await #expect(throws: LedgerError.unauthentic(path: path)) {
            try await ChannelLedger.load(path: path, counter: hardware, key: SymmetricKey(size: .bits256))
        }
        var tampered = bytes
        tampered[tampered.count / 2] ^= 0x01
        try tampered.write(to: URL(fileURLWithPath: path))
        await #expect(throws: LedgerError.unauthentic(path: path)) {
            try await ChannelLedger.load(path: path, counter: hardware, key: key)
        }
    }

    @Test func aContractAnchoredCounterWorksTheSameAndRefusesToGoBackwards() async throws {
        let chain = FakeChainCounter()
        let anchored = ContractAnchoredCounter(read: { await chain.value }, bump: { await chain.bump() })
        let ledger = try await openLedger(counter: anchored)
        let snapshot = try DiskCopy(of: path)
        try await spend(ledger, nonce: 1, cumulative: 9_500)
        try snapshot.restore()
        let restored = try await ChannelLedger.load(path: path, counter: anchored, key: key)
        await #expect(throws: LedgerError.staleState(recorded: 3, counter: 4)) {
            try await restored.requestClosure(signingKey: Fixtures.nodeKey)
        }

        await chain.rewind(to: 1)
        await #expect(throws: CounterError.wentBackwards(seen: 4, reported: 1)) { try await anchored.current() }
    }
}

enum LedgerTestFailure: Error {
    case refused(String)
}

/// A counter whose next increment fails after nothing happened, as a node that stops between
/// writing its state and incrementing.
actor FlakyCounter: MonotonicCounter {
    private let inner: SimulatedHardwareCounter
    private var failing = false

    init(wrapping inner: SimulatedHardwareCounter) {
        self.inner = inner
    }

    func failNextIncrement() {
        failing = true
    }

    func current() async throws -> UInt64 { await inner.current() }

    func increment() async throws -> UInt64 {
        if failing {
            failing = false
            throw LedgerTestFailure.refused("simulated crash before the increment")
        }
        return await inner.increment()
    }
}

/// The counter contract's state, as the NEAR client would read and bump it.
actor FakeChainCounter {
    private(set) var value: UInt64 = 0

    func bump() -> UInt64 {
        value += 1
        return value
    }

    func rewind(to value: UInt64) {
        self.value = value
    }
}

extension ChannelLedgerTests {
    @Test func createRefusesToReplaceAnExistingLedger() async throws {
        let hardware = SimulatedHardwareCounter()
        _ = try await openLedger(counter: hardware)
        await #expect(throws: LedgerError.alreadyExists(path: path)) {
            try await ChannelLedger.create(path: path, domain: Fixtures.domain, counter: hardware, key: key)
        }
    }
}
