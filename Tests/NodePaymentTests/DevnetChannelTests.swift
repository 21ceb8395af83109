@testable import DCMLClient
import Foundation
import NearLightClient
@testable import Node
import Payments
import Testing

/// §6 end to end: the model market built from Contracts/ on a devnet of its own (a `dcml devnet`
/// process), every channel opened and funded by real transactions, every node decision taken
/// on a light-client proof from the devnet's RPC (its light client following the devnet's
/// `next_light_client_block`s from block 0), the contract paying out every yoctoNEAR.
/// (Random open/pay/close sequences against the contract alone: ContractRuntimeTests.)
@Suite struct DevnetChannelTests {
    static let deposit = MarketDevnet.oneNear / 10

    /// The happy path: two paid chats, then `close_cooperative` with the node's approval pays
    /// Charlie exactly the model's share of what the responses' usage prices at.
    @Test func paidChatsThenCooperativeCloseWithTheNodesApproval() async throws {
        let devnet = try await MarketDevnet.start()
        defer { devnet.stop() }
        let state = try await devnet.nodeState()
        defer { try? FileManager.default.removeItem(atPath: state.directory) }
        let charlieBefore = try await devnet.balance(of: MarketDevnet.charlie)

        let (approval, answers) = try await PaidNode.with(state) { node in
            try await devnet.registerProvider(node)
            let session = try await devnet.open(on: node, payer: .generate(), deposit: Self.deposit)
            let first = try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 2)
            let second = try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 2)
            return (try await session.close(), [first, second])
        }
        let usage = try MarketDevnet.prices.cost(
            promptTokens: answers.map(\.promptTokens).reduce(0, +), completionTokens: answers.map(\.completionTokens).reduce(0, +))
        #expect(usage.total > 0)
        #expect(approval.terms.spent == usage.total)
        #expect(approval.terms.modelShare == usage.creator)
        #expect(try await devnet.market.config().held == 2 * Self.deposit)

        let settled = try await devnet.closeCooperative(approval)
        #expect(settled.state == .closed)
        let closure = try #require(settled.closure)
        #expect(closure.kind == .cooperative)
        #expect(closure.spent == usage.total)
        #expect(closure.paidUser == Self.deposit - usage.total)
        #expect(closure.paidProvider == usage.provider + Self.deposit)
        #expect(closure.paidBeneficiary == usage.creator)
        #expect(try await devnet.market.config().held == 0)
        #expect(try await devnet.balance(of: MarketDevnet.charlie, changedFrom: charlieBefore) - charlieBefore == usage.creator)
        #expect(try await devnet.market.channel(settled.channelID) == .closed(channelID: settled.channelID))
    }

    /// Bob's machine dies right after the channel opens: Alice force-closes, nobody can answer,
    /// and after the challenge period she has her deposit back while Bob's goes to Charlie.
    @Test func providerDiesAfterOpeningAliceForceClosesAndCharlieGetsBobsDeposit() async throws {
        let devnet = try await MarketDevnet.start()
        defer { devnet.stop() }
        let state = try await devnet.nodeState()
        defer { try? FileManager.default.removeItem(atPath: state.directory) }

        let channel = try await PaidNode.with(state) { node in
            try await devnet.registerProvider(node)
            return try await devnet.open(on: node, payer: .generate(), deposit: Self.deposit).facts.channel
        }
        // The node is gone (its server stopped with the block above).
        let charlieBefore = try await devnet.balance(of: MarketDevnet.charlie)
        let bob = await devnet.account(.bob)
        let bobBefore = try await devnet.balance(of: bob)

        let closing = try await devnet.forceClose(channel).value
        #expect(closing.state == .closing)
        let settled = try await devnet.finalizeAfterChallengePeriod(closing)
        let closure = try #require(settled.closure)
        #expect(closure.kind == .unanswered)
        #expect(closure.paidUser == Self.deposit)
        #expect(closure.paidBeneficiary == Self.deposit)
        #expect(closure.paidProvider == 0)
        #expect(try await devnet.balance(of: MarketDevnet.charlie, changedFrom: charlieBefore) - charlieBefore == Self.deposit)
        #expect(try await devnet.balance(of: bob) == bobBefore)
        #expect(try await devnet.market.config().held == 0)
    }
}
