import Foundation
import NearLightClient
import Testing
@testable import Payments

@Suite struct ChannelFactsTests {
    let challenge = Challenge.random()

    /// A channel record in the contract's format (Contracts/payment_channel/README.md).
    func record(state: String = "active", signer: PublicKey = Fixtures.nodeKey.publicKey, channelID: String = "0") -> Data {
        Data(#"""
        {"channel_id":\#(channelID),"model_id":"charlie/llama-3.1-8b","user":"alice.test","provider":"bob.test",
         "beneficiary":"treasury.charlie.test","signing_public_key":"\#(Hex.encode(signer.bytes))","challenge":"\#(challenge)",
         "deposit":"1000","price_prompt_per_1k":"1000","price_completion_per_1k":"3000","fee_per_1k":"500",
         "state":"\#(state)","opened_at_ns":"1700000000000000000","force_close_deadline_ns":null,"closure":null}
        """#.utf8)
    }

    @Test func readsAnActiveChannelRecordOfTheContract() throws {
        let facts = try ChannelFacts(
            contractChannel: record(), domain: Fixtures.domain, nodeKey: Fixtures.nodeKey.publicKey, payerKey: Fixtures.payerKey.publicKey)
        #expect(facts == ChannelFacts(
            domain: Fixtures.domain, channel: 0, challenge: challenge, payerKey: Fixtures.payerKey.publicKey, deposit: 1000, providerDeposit: 1000,
            prices: PriceSchedule(creatorPerThousandPromptTokens: 1000, creatorPerThousandCompletionTokens: 3000, providerPerThousandTokens: 500)))
        let quoted = try ChannelFacts(
            contractChannel: record(channelID: #""12""#), domain: Fixtures.domain, nodeKey: Fixtures.nodeKey.publicKey, payerKey: Fixtures.payerKey.publicKey)
        #expect(quoted.channel == 12)
    }

    @Test func refusesAPendingChannelOrOneForAnotherNode() {
        #expect(throws: PaymentFormatError.self) {
            try ChannelFacts(contractChannel: record(state: "pending"), domain: Fixtures.domain, nodeKey: Fixtures.nodeKey.publicKey, payerKey: Fixtures.payerKey.publicKey)
        }
        #expect(throws: PaymentFormatError.self) {
            try ChannelFacts(
                contractChannel: record(signer: Fixtures.payerKey.publicKey), domain: Fixtures.domain, nodeKey: Fixtures.nodeKey.publicKey,
                payerKey: Fixtures.payerKey.publicKey)
        }
    }
}
