@testable import DCMLClient
import Foundation
import NearLightClient
import Payments
import Testing

/// §6.1: a node whose channel state is restored from a snapshot is caught by its monotonic
/// counter (which lives outside the snapshot) and refuses to sign a closure for the old state.
@Suite struct RollbackTests {
    @Test func restoredLedgerSnapshotIsRefusedAClosure() async throws {
        let state = try await PaidNodeState.make()
        let snapshot = state.directory + "-snapshot"
        let payer = SecretKey.generate()

        // Alice pays once; the host snapshots the node's disk; Alice pays again.
        let facts = try await PaidNode.with(state) { node in
            let (session, _) = try await node.openSession(channel: 5, payerKey: payer)
            let first = try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 2)
            try FileManager.default.copyItem(atPath: state.directory, toPath: snapshot)
            let second = try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 2)
            #expect(second.spent > first.spent)
            return session.facts
        }

        // A plain restart is not an attack: the channel is still served.
        try await PaidNode.with(state) { node in
            let voucher = try Voucher.sign(domain: facts.domain, channel: 5, spent: facts.deposit, nonce: 10, payerKey: payer)
            let served = try await PaidCompletionTests.send(node, voucher: voucher, maxTokens: 1)
            #expect(served.status == 200)
        }

        // The host restores the snapshot (taken before the second payment) and restarts the node,
        // hoping for a closure at the old, lower spent.
        try FileManager.default.removeItem(atPath: state.directory)
        try FileManager.default.copyItem(atPath: snapshot, toPath: state.directory)
        try await PaidNode.with(state) { node in
            let refusal = try await PaidCompletionTests.expectStaleClosure(node, channel: 5)
            #expect(refusal.contains("refuses to sign any closure"))
            // Nor does it serve or charge the stale channel.
            let voucher = try Voucher.sign(domain: facts.domain, channel: 5, spent: facts.deposit, nonce: 20, payerKey: payer)
            let refused = try await PaidCompletionTests.send(node, voucher: voucher, maxTokens: 1)
            #expect(refused.status == 409)
            #expect(refused.body.contains("stale"))
        }
        try? FileManager.default.removeItem(atPath: snapshot)
        try? FileManager.default.removeItem(atPath: state.directory)
    }
}
