@testable import DCMLClient
import Foundation
import NearLightClient
@testable import Node
import Payments
import Testing

/// §6.1 on the devnet: a node's channel state is bound to its hardware counter and its channel
/// to its own challenge, so neither a restored snapshot nor another instance of the node can
/// sign or serve a channel at a state other than its latest.
@Suite struct DevnetCloneTests {
    static let deposit = DevnetChannelTests.deposit

    /// The host snapshots the node's disk right after the channel is established, lets Alice
    /// spend, restores the snapshot and restarts the node with the same (hardware) counters:
    /// the channel is stale, so nobody gets an approval at the old, lower spent.
    @Test func restoredSnapshotOfAnEstablishedChannelIsRefusedAsStale() async throws {
        let devnet = try await MarketDevnet.start()
        defer { devnet.stop() }
        let state = try await devnet.nodeState()
        let snapshot = state.directory + "-snapshot"
        defer {
            try? FileManager.default.removeItem(atPath: state.directory)
            try? FileManager.default.removeItem(atPath: snapshot)
        }
        let payer = SecretKey.generate()

        let session = try await PaidNode.with(state) { node in
            try await devnet.registerProvider(node)
            let session = try await devnet.open(on: node, payer: payer, deposit: Self.deposit)
            try FileManager.default.copyItem(atPath: state.directory, toPath: snapshot)
            #expect(try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 2).spent > 0)
            return session
        }
        let facts = session.facts

        try FileManager.default.removeItem(atPath: state.directory)
        try FileManager.default.copyItem(atPath: snapshot, toPath: state.directory)
        try await PaidNode.with(state) { node in
            try await PaidCompletionTests.expectStaleClosure(node, channel: facts.channel)
            let voucher = try Voucher.sign(domain: facts.domain, channel: facts.channel, spent: facts.deposit, nonce: 50, payerKey: payer)
            let refused = try await PaidCompletionTests.send(node, voucher: voucher, maxTokens: 1)
            #expect(refused.status == 409)
            #expect(refused.body.contains("stale"))
        }
        // Nothing reached the chain: the channel is still active, awaiting an approval of its real state.
        guard case .open(let channel) = try await devnet.market.channel(facts.channel) else {
            Issue.record("channel \(facts.channel) is no longer open on chain")
            return
        }
        #expect(channel.state == .active)
    }

    /// Alice's voucher for a channel established on one node instance, replayed to another
    /// instance of the same compose, is refused; neither another identity nor a clone with the
    /// same signing key can take over the channel with its proof, since the challenge it was
    /// opened with is the first instance's alone.
    @Test func voucherAndProofReplayedToAnotherNodeInstanceAreRefused() async throws {
        let devnet = try await MarketDevnet.start()
        defer { devnet.stop() }
        let first = try await devnet.nodeState()
        let other = try await devnet.nodeState()
        let clone = PaidNodeState(identity: first.identity, directory: first.directory + "-clone", chain: first.chain, trustedHead: first.trustedHead)
        defer { for state in [first, other, clone] { try? FileManager.default.removeItem(atPath: state.directory) } }
        #expect(other.identity.composeHash == first.identity.composeHash)
        let payer = SecretKey.generate()

        // (The closures return the session, a reference: Swift 6.3 crashes returning values with
        // UInt128 fields from the generic async `PaidNode.with`, see MarketModelRegistration.)
        let session = try await PaidNode.with(first) { node in
            try await devnet.registerProvider(node)
            let session = try await devnet.open(on: node, payer: payer, deposit: Self.deposit)
            #expect(try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 2).spent > 0)
            return session
        }
        let facts = session.facts
        let lockReceipt = try #require(await devnet.lockReceipts[facts.channel])
        let voucher = try Voucher.sign(domain: facts.domain, channel: facts.channel, spent: facts.deposit, nonce: 2, payerKey: payer)
        try await Self.replay(voucher, lockReceipt, of: facts.channel, to: other, on: devnet, refusedWith: "signing_public_key")
        try await Self.replay(voucher, lockReceipt, of: facts.channel, to: clone, on: devnet, refusedWith: "unknown_challenge")
        // The first instance (restarted) still serves the channel with that very voucher.
        let served = try await PaidNode.with(first) { node in try await PaidCompletionTests.send(node, voucher: voucher, maxTokens: 1).status }
        #expect(served == 200)
    }

    /// `instance` refuses the voucher (it has no such channel) and the proof of the lock (which
    /// is not for a challenge of its own), the latter with `refusal` in its error.
    static func replay(
        _ voucher: Voucher, _ lockReceipt: CryptoHash, of channel: UInt64, to instance: PaidNodeState, on devnet: MarketDevnet, refusedWith refusal: String
    ) async throws {
        try await PaidNode.with(instance) { replica in
            let replayed = try await PaidCompletionTests.send(replica, voucher: voucher, maxTokens: 1)
            #expect(replayed.status == 409)
            #expect(replayed.body.contains("channel \(channel) is not established on this node"))
            do {
                _ = try await replica.client.establishChannel(try await devnet.prove(lockReceipt, to: replica))
                Issue.record("another node instance established channel \(channel) from the first one's proof")
            } catch DCMLClientError.http(_, let body) {
                #expect(body.contains(refusal))
            }
        }
    }
}
