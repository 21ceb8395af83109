@testable import DCMLClient
import Foundation
import NearLightClient
@testable import Node
import Payments
import Testing

/// §6, "Bob and Alice are the same entity": Alice runs the node herself, spends on two
/// channels, takes the node offline and tries to close at an older state. The contract takes
/// only the TEE's signature over the exact terms; her force close is answered by the node at
/// what it really charged; left unanswered, Charlie gets Alice's-as-Bob's whole deposit, which
/// is at least what she spent.
@Suite struct DevnetSelfHostingTests {
    @Test func aliceHostingTheNodeCannotCloseBelowWhatSheSpent() async throws {
        // T leaves room for proving the force close and submitting the node's answer on a busy machine.
        let devnet = try await MarketDevnet.start(challengePeriodSeconds: 5)
        defer { devnet.stop() }
        let state = try await devnet.nodeState()
        defer { try? FileManager.default.removeItem(atPath: state.directory) }
        let deposit = DevnetChannelTests.deposit
        let alice = SecretKey.generate()

        try await PaidNode.with(state) { node in
            try await devnet.registerProvider(node, as: .alice)
            let answered = try await devnet.open(on: node, payer: .generate(), deposit: deposit, provider: .alice)
            let unanswered = try await devnet.open(on: node, payer: .generate(), deposit: deposit, provider: .alice)
            let spent = try await answered.chat(messages: PaidCompletionTests.hello, maxTokens: 2).spent
            let spentUnanswered = try await unanswered.chat(messages: PaidCompletionTests.hello, maxTokens: 2).spent
            let charged = await answered.charged
            let channel = answered.facts.channel

            // Offline, she signs "nothing spent" with a key of her own: not the channel's TEE key.
            let zero = ClosureTerms(domain: answered.facts.domain, channel: channel, challenge: answered.facts.challenge, spent: 0, modelShare: 0, nonce: 1)
            await #expect(throws: MarketError.panicked(method: "close_cooperative", message: "invalid closure signature: not the provider's TEE key over this channel's closure message")) {
                _ = try await devnet.closeCooperative(try ClosureApproval.sign(zero, with: alice))
            }

            // She force-closes both channels; the node answers the first from a proof of `force_close_started`.
            let forceClose = try await devnet.forceClose(channel)
            let closingUnanswered = try await devnet.forceClose(unanswered.facts.channel).value
            let approval = try await node.client.answerForceClose(try await devnet.prove(forceClose.receiptID, to: node))
            #expect(approval.terms.spent == spent)
            #expect(approval.terms.modelShare == charged.creator)

            // The node's signature on altered terms is refused too.
            let lowered = ClosureTerms(domain: zero.domain, channel: channel, challenge: zero.challenge, spent: 0, modelShare: 0, nonce: approval.terms.nonce)
            await #expect(throws: MarketError.panicked(method: "answer_force_close", message: "invalid closure signature: not the provider's TEE key over this channel's closure message")) {
                _ = try await devnet.answerForceClose(ClosureApproval(terms: lowered, signer: approval.signer, signature: approval.signature), as: .alice)
            }

            // Anyone may submit the node's answer (here the model's owner).
            let charlieBefore = try await devnet.balance(of: MarketDevnet.charlie)
            let settled = try #require(try await devnet.answerForceClose(approval, as: .owner).closure)
            #expect(settled.kind == .answered)
            #expect(settled.spent == spent)
            #expect(settled.paidUser == deposit - spent)
            #expect(settled.paidBeneficiary == charged.creator)
            #expect(try await devnet.balance(of: MarketDevnet.charlie, changedFrom: charlieBefore) - charlieBefore == charged.creator)

            // The second force close is left unanswered: Charlie gets the provider's whole deposit.
            let charlieThen = try await devnet.balance(of: MarketDevnet.charlie)
            let defaulted = try #require(try await devnet.finalizeAfterChallengePeriod(closingUnanswered).closure)
            #expect(defaulted.kind == .unanswered)
            #expect(defaulted.paidBeneficiary == deposit)
            #expect(deposit >= spentUnanswered)
            #expect(try await devnet.balance(of: MarketDevnet.charlie, changedFrom: charlieThen) - charlieThen == deposit)
        }
    }
}
