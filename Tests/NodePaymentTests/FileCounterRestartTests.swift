import Foundation
import NearLightClient
@testable import Node
import Payments
import Testing

/// The file-backed simulated counters: a node restarted as a new process (new counter bank, same
/// counter directory) serves its channels; a restored copy of its ledger directory is stale.
@Suite struct FileCounterRestartTests {
    @Test func aRestartedNodeLoadsFreshAndARestoredLedgerCopyIsStale() async throws {
        let state = try await PaidNodeState.make()
        let counterDirectory = state.directory + "-counters"  // outside the ledger directory
        let copy = state.directory + "-copy"
        defer {
            for path in [state.directory, counterDirectory, copy] { try? FileManager.default.removeItem(atPath: path) }
        }
        let payer = SecretKey.generate()
        let payments = try await state.startPayments(counters: SimulatedChannelCounters(directory: counterDirectory))
        let challenge = try await payments.issueChallenge()
        let facts = try await state.establish(5, challenge: challenge, payer: payer, on: payments)
        let first = try await payments.charge(nonce: 1, facts: facts, payer: payer).spent
        try FileManager.default.copyItem(atPath: state.directory, toPath: copy)
        let second = try await payments.charge(nonce: 2, facts: facts, payer: payer).spent
        #expect(second > first)

        // A new process: its counters are read back from their files.
        let restarted = try await state.startPayments(counters: SimulatedChannelCounters(directory: counterDirectory))
        #expect(try await restarted.charge(nonce: 3, facts: facts, payer: payer).spent > second)

        // The host puts the older copy of the ledgers back and restarts.
        try FileManager.default.removeItem(atPath: state.directory)
        try FileManager.default.copyItem(atPath: copy, toPath: state.directory)
        let restored = try await state.startPayments(counters: SimulatedChannelCounters(directory: counterDirectory))
        let refused = await #expect(throws: APIError.self) { try await restored.close(channel: 5) }
        #expect(refused?.code == "stale_channel_state")
    }
}
