import Foundation
import NearLightClient
@testable import Node
import Testing

/// The node reads channels from the model market's NEP-297 logs (Contracts/payment_channel/README.md).
@Suite struct MarketEventTests {
    static let record = #"{"channel_id":0,"model_id":"charlie/llama-3.1-8b","user":"alice.test","provider":"bob.test","#
        + #""beneficiary":"treasury.charlie.test","signing_public_key":"\#(String(repeating: "11", count: 32))","#
        + #""challenge":"01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3da","payer_key":"\#(String(repeating: "22", count: 32))","#
        + #""deposit":"1000","price_prompt_per_1k":"1000","price_completion_per_1k":"3000","fee_per_1k":"500","state":"active","#
        + #""opened_at_ns":"1700000000000000000","force_close_deadline_ns":null,"closure":null}"#

    @Test func parsesTheChannelRecordOfAMarketEvent() throws {
        let event = try #require(MarketEvent(log: #"EVENT_JSON:{"standard":"dcml_market","version":"1.0.0","event":"provider_deposit_locked","data":\#(Self.record)}"#))
        #expect(event.name == "provider_deposit_locked")
        let record = try ChannelRecord(json: event.data)
        #expect(record.channel == 0)
        #expect(record.modelID == "charlie/llama-3.1-8b")
        #expect(record.challenge.description == "01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3da")
        #expect(record.payerKey.bytes == [UInt8](repeating: 0x22, count: 32))
        #expect(record.state == "active")
    }

    @Test func ignoresLogsThatAreNotMarketEvents() {
        #expect(MarketEvent(log: "hello") == nil)
        #expect(MarketEvent(log: #"EVENT_JSON:{"standard":"nep141","version":"1.0.0","event":"ft_transfer","data":[]}"#) == nil)
        #expect(MarketEvent(log: #"EVENT_JSON:{"standard":"dcml_market""#) == nil)
    }

    @Test func recordWithoutPayerKeyIsRefusedWithWhatWasExpected() throws {
        let withoutKey = Self.record.replacingOccurrences(of: #""payer_key":"\#(String(repeating: "22", count: 32))","#, with: #""payer_key":null,"#)
        #expect(throws: APIError.self) { try ChannelRecord(json: Data(withoutKey.utf8)) }
        do { _ = try ChannelRecord(json: Data(withoutKey.utf8)) } catch {
            #expect(error.message.contains("payer_key"))
        }
    }
}
