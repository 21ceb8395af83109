@testable import DCMLClient
import Foundation
import NearLightClient
@testable import Node
import Payments
import Testing

/// §6.1 with the second counter implementation: the node's ledgers bound to counters in the
/// `ledger_counters` contract on the devnet, read and moved by transactions whose outcomes the
/// node proves with its light client. A restart finds the ledger fresh; a restored snapshot is
/// stale against the chain's counter, so it signs nothing.
@Suite struct DevnetCounterContractTests {
    @Test func aLedgerBoundToTheContractCounterRefusesARestoredSnapshot() async throws {
        let devnet = try await MarketDevnet.start()
        defer { devnet.stop() }
        let state = try await devnet.nodeStateWithContractCounters()
        let snapshot = state.directory + "-snapshot"
        defer {
            try? FileManager.default.removeItem(atPath: state.directory)
            try? FileManager.default.removeItem(atPath: snapshot)
        }
        guard let counters = state.counters as? ContractChannelCounters else { Issue.record("expected contract counters"); return }
        let payer = SecretKey.generate()

        let (facts, ledgerName) = try await PaidNode.with(state) { node in
            try await devnet.registerProvider(node)
            let session = try await devnet.open(on: node, payer: payer, deposit: DevnetChannelTests.deposit)
            try FileManager.default.copyItem(atPath: state.directory, toPath: snapshot)
            #expect(try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 2).spent > 0)
            let ledger = try await node.payments.ledger(charging: session.facts.channel)
            return (session.facts, String(ledger.path.split(separator: "/").last!))
        }
        // The chain's counter is where the ledger's last commit put it: creation, challenge, establishment, one settle.
        #expect(try await devnet.counterValue(owner: counters.owner, name: ledgerName) == 4)

        // A plain restart reads the counter back (a proven transaction) and finds the ledger fresh.
        try await PaidNode.with(state) { node in
            let session = try await PaidSession.resume(with: node.client, channel: facts.channel, payerKey: payer)
            #expect(try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 1).spent > 0)
        }
        #expect(try await devnet.counterValue(owner: counters.owner, name: ledgerName) == 5)

        // The host restores the disk as it was before the requests: the chain's counter is ahead.
        try FileManager.default.removeItem(atPath: state.directory)
        try FileManager.default.copyItem(atPath: snapshot, toPath: state.directory)
        try await PaidNode.with(state) { node in
            try await PaidCompletionTests.expectStaleClosure(node, channel: facts.channel)
        }
    }

    @Test func onlyItsOwnerMovesACounterAndNamesAreChecked() async throws {
        let devnet = try await MarketDevnet.start()
        defer { devnet.stop() }
        let state = try await devnet.nodeStateWithContractCounters()  // deploys the contract
        defer { try? FileManager.default.removeItem(atPath: state.directory) }
        let alice = await devnet.account(.alice), bob = await devnet.account(.bob)

        #expect(try await devnet.callCounters(as: .alice, "increment", #"{"name":"channel-a.ledger"}"#) == .successValue(Array("1".utf8)))
        #expect(try await devnet.callCounters(as: .alice, "increment", #"{"name":"channel-a.ledger"}"#) == .successValue(Array("2".utf8)))
        // Bob's counter of the same name is his own; he has no way to name Alice's.
        #expect(try await devnet.callCounters(as: .bob, "increment", #"{"name":"channel-a.ledger"}"#) == .successValue(Array("1".utf8)))
        #expect(try await devnet.counterValue(owner: alice, name: "channel-a.ledger") == 2)
        #expect(try await devnet.counterValue(owner: bob, name: "channel-a.ledger") == 1)
        #expect(try await devnet.counterValue(owner: alice, name: "never-used") == 0)

        for (args, deposit, reason) in [
            (#"{"name":"../a"}"#, UInt128(0), "1 to 128 characters"),
            (#"{"name":""}"#, 0, "1 to 128 characters"),
            (#"{}"#, 0, "1 to 128 characters"),
            (#"{"name":"channel-a.ledger"}"#, 1, "accept deposit"),
        ] {
            let status = try await devnet.callCounters(as: .alice, "increment", args, deposit: deposit)
            guard case .failure(let failure) = status else { Issue.record("\(args) with deposit \(deposit) was accepted: \(status)"); continue }
            #expect("\(failure)".contains(reason), "\(failure)")
        }
        #expect(try await devnet.counterValue(owner: alice, name: "channel-a.ledger") == 2)
    }
}
