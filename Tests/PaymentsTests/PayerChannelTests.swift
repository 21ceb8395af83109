import Foundation
import NearLightClient
import Testing
@testable import Payments

@Suite struct PayerChannelTests {
    @Test func vouchersCapTheWorstCaseIncludingRequestsInFlight() throws {
        var payer = PayerChannel(domain: Fixtures.domain, channel: 7, deposit: 30_000, prices: Fixtures.prices)
        // 1000 prompt + at most 500 completion tokens: up to 9,500.
        let (first, firstPending) = try payer.voucher(promptTokens: 1000, maxCompletionTokens: 500, payerKey: Fixtures.payerKey)
        #expect(first.spent == 9_500 && first.nonce == 1 && first.isSigned(by: Fixtures.payerKey.publicKey))
        let (second, secondPending) = try payer.voucher(promptTokens: 1000, maxCompletionTokens: 500, payerKey: Fixtures.payerKey)
        #expect(second.spent == 19_000 && second.nonce == 2)
        #expect(try payer.complete(firstPending, completionTokens: 200) == Cost(creator: 4_400, provider: 2_400))
        try payer.abandon(secondPending)
        let (third, _) = try payer.voucher(promptTokens: 1000, maxCompletionTokens: 500, payerKey: Fixtures.payerKey)
        #expect(third.spent == 6_800 + 9_500 && third.nonce == 3)
        #expect(payer.spent == 6_800)
    }

    @Test func refusesLocallyWhatTheNodeWouldRefuseWith402() throws {
        var payer = PayerChannel(domain: Fixtures.domain, channel: 7, deposit: 9_499, prices: Fixtures.prices)
        #expect(throws: PayerChannelError.insufficientDeposit(required: 9_500, available: 9_499)) {
            try payer.voucher(promptTokens: 1000, maxCompletionTokens: 500, payerKey: Fixtures.payerKey)
        }
        #expect(payer.nonce == 0 && payer.inFlight.isEmpty)
    }

    @Test func refusesUsageBeyondTheRequestedMaximumOrUnknownRequests() throws {
        var payer = PayerChannel(domain: Fixtures.domain, channel: 7, deposit: 30_000, prices: Fixtures.prices)
        let (_, pending) = try payer.voucher(promptTokens: 10, maxCompletionTokens: 5, payerKey: Fixtures.payerKey)
        #expect(throws: PayerChannelError.completionExceedsLimit(limit: 5, actual: 6)) { try payer.complete(pending, completionTokens: 6) }
        try payer.complete(pending, completionTokens: 5)
        #expect(throws: PayerChannelError.unknownRequest(nonce: 1)) { try payer.complete(pending, completionTokens: 5) }
    }

    @Test func storesAsJSONWithoutTheKey() throws {
        var payer = PayerChannel(domain: Fixtures.domain, channel: 7, deposit: 30_000, prices: Fixtures.prices)
        let (_, done) = try payer.voucher(promptTokens: 10, maxCompletionTokens: 5, payerKey: Fixtures.payerKey)
        try payer.complete(done, completionTokens: 3)
        _ = try payer.voucher(promptTokens: 10, maxCompletionTokens: 5, payerKey: Fixtures.payerKey)
        let json = try JSONEncoder().encode(payer)
        #expect(try JSONDecoder().decode(PayerChannel.self, from: json) == payer)
        #expect(!String(decoding: json, as: UTF8.self).contains(Fixtures.payerKey.nearString))
        let forged = String(decoding: json, as: UTF8.self).replacingOccurrences(of: #""deposit":"30000""#, with: #""deposit":"10""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PayerChannel.self, from: Data(forged.utf8)) }
    }
}
