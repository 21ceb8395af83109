import Crypto
import Foundation
import Testing
@testable import Payments

@Suite struct SimulatedNonVolatileCounterTests {
    let directory: String
    let path: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("payments-counter-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/channel.ledger.counter"
    }

    @Test func itsValueSurvivesReopening() async throws {
        let counter = try SimulatedNonVolatileCounter(path: path)
        #expect(await counter.current() == 0)
        #expect(try await counter.increment() == 1)
        #expect(try await counter.increment() == 2)
        let reopened = try SimulatedNonVolatileCounter(path: path)
        #expect(await reopened.current() == 2)
        #expect(try await reopened.increment() == 3)
    }

    @Test func aCorruptFileIsRefusedNotReadAsAnotherValue() async throws {
        let counter = try SimulatedNonVolatileCounter(path: path)
        _ = try await counter.increment()
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(good.count == 24)
        var lowered = good
        lowered[15] = 0  // the value 1 → 0, checksum unchanged
        for damaged in [lowered, good.prefix(20), Data("not a counter file at all".utf8)] {
            try damaged.write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: CounterError.self) { _ = try SimulatedNonVolatileCounter(path: path) }
            guard case .corruptFile(let file, _)? = error else {
                Issue.record("expected corruptFile, got \(String(describing: error))")
                continue
            }
            #expect(file == path)
        }
    }

    @Test func aLedgerOnFileCountersLoadsFreshAfterARestartAndARestoredCopyStale() async throws {
        let key = SymmetricKey(size: .bits256)
        let ledgerPath = directory + "/ledgers/channel.ledger"
        try FileManager.default.createDirectory(atPath: directory + "/ledgers", withIntermediateDirectories: true)
        let ledger = try await ChannelLedger.create(path: ledgerPath, domain: Fixtures.domain, counter: SimulatedNonVolatileCounter(path: path), key: key)
        try await ledger.establish(Fixtures.facts(challenge: ledger.issueChallenge(Challenge.random())))
        let copy = try ChannelLedgerTests.DiskCopy(of: ledgerPath)
        let action = try await ledger.authorize(voucher: Fixtures.voucher(spent: 9_500, nonce: 1), promptTokens: 1000, maxCompletionTokens: 500)
        guard case .proceed(let reservation) = action else { Issue.record("refused: \(action)"); return }
        _ = try await ledger.settle(reservation, completionTokens: 200)

        // A new process: the counter is read back from its file.
        let restarted = try await ChannelLedger.load(path: ledgerPath, counter: SimulatedNonVolatileCounter(path: path), key: key)
        #expect(await restarted.staleness == nil)
        #expect(await restarted.machine.recovers(ledger.machine))

        try copy.restore()
        let restored = try await ChannelLedger.load(path: ledgerPath, counter: SimulatedNonVolatileCounter(path: path), key: key)
        await #expect(throws: LedgerError.staleState(recorded: 3, counter: 4)) {
            try await restored.requestClosure(signingKey: Fixtures.nodeKey)
        }
    }
}
