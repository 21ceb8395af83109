import Foundation
import NearLightClient

/// The model market's side of a test: the channel record and NEP-297 logs the contract writes
/// (Contracts/payment_channel/README.md), and the outcome of the receipt that wrote them.
struct MarketChannel {
    static let contract = "market.dcml.test"
    static let chain = "dcml-devnet"
    static let model = "charlie/tiny-llama"

    var channel: UInt64
    var challenge: String
    var payerKey: PublicKey
    var signingKey: [UInt8]
    var deposit: UInt128 = 1_000_000_000_000_000_000_000  // 0.001 NEAR… in yoctoNEAR, plenty for a few tokens
    var pricePromptPer1k: UInt128 = 1_000_000_000_000_000_000
    var priceCompletionPer1k: UInt128 = 3_000_000_000_000_000_000
    var feePer1k: UInt128 = 500_000_000_000_000_000
    var model = MarketChannel.model
    var state = "active"

    /// The record as `get_channel` and the channel events carry it.
    func record() -> String {
        #"{"channel_id":\#(channel),"model_id":"\#(model)","user":"alice.test","provider":"bob.test","#
            + #""beneficiary":"charlie.test","signing_public_key":"\#(Hex.encode(signingKey))","challenge":"\#(challenge)","#
            + #""payer_key":"\#(Hex.encode(payerKey.bytes))","deposit":"\#(deposit)","price_prompt_per_1k":"\#(pricePromptPer1k)","#
            + #""price_completion_per_1k":"\#(priceCompletionPer1k)","fee_per_1k":"\#(feePer1k)","state":"\#(state)","#
            + #""opened_at_ns":"1700000000000000000","force_close_deadline_ns":null,"closure":null}"#
    }

    func log(_ event: String) -> String {
        #"EVENT_JSON:{"standard":"dcml_market","version":"1.0.0","event":"\#(event)","data":\#(record())}"#
    }

    /// The outcome of the receipt that logged `event`, executed by `executor`.
    func outcome(_ event: String, executor: String = MarketChannel.contract) -> ExecutionOutcome {
        ExecutionOutcome(
            logs: ["a log line that is not an event", log(event)], receiptIds: [], gasBurnt: 2_428_000_000_000,
            tokensBurnt: 242_800_000_000_000_000_000, executorId: executor, status: .successValue(Array(record().utf8)))
    }
}

extension Encodable {
    /// NEAR's JSON form, as an RPC answer carries it.
    var nearJSON: Data { try! JSONEncoder().encode(self) }
}
