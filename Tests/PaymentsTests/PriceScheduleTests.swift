import Foundation
import Testing
@testable import Payments

@Suite struct PriceScheduleTests {
    @Test func roundsEachPartUpToTheNextYocto() throws {
        let prices = PriceSchedule(creatorPerThousandPromptTokens: 1, creatorPerThousandCompletionTokens: 0, providerPerThousandTokens: 0)
        #expect(try prices.cost(promptTokens: 0, completionTokens: 0) == .zero)
        #expect(try prices.cost(promptTokens: 1, completionTokens: 0).creator == 1)
        #expect(try prices.cost(promptTokens: 999, completionTokens: 0).creator == 1)
        #expect(try prices.cost(promptTokens: 1000, completionTokens: 0).creator == 1)
        #expect(try prices.cost(promptTokens: 1001, completionTokens: 0).creator == 2)
    }

    @Test func splitsCreatorAndProvider() throws {
        // creator: 1500·3 + 250·7 = 6250 thousandths → 7; provider: 1750·2 = 3500 thousandths → 4.
        let prices = PriceSchedule(creatorPerThousandPromptTokens: 3, creatorPerThousandCompletionTokens: 7, providerPerThousandTokens: 2)
        let cost = try prices.cost(promptTokens: 1500, completionTokens: 250)
        #expect(cost == Cost(creator: 7, provider: 4))
        #expect(cost.total == 11)
    }

    @Test func isExactForRealisticNearAmounts() throws {
        let yoctoPerNear = UInt128(1_000_000_000_000) * 1_000_000_000_000
        // 0.001 NEAR per 1,000 prompt tokens, 0.003 per 1,000 completion tokens, 0.0005 provider fee.
        let prices = PriceSchedule(
            creatorPerThousandPromptTokens: yoctoPerNear / 1000, creatorPerThousandCompletionTokens: yoctoPerNear * 3 / 1000,
            providerPerThousandTokens: yoctoPerNear / 2000)
        let cost = try prices.cost(promptTokens: 123_456_789, completionTokens: 1)
        #expect(cost.creator == 123_456_789 * (yoctoPerNear / 1_000_000) + yoctoPerNear * 3 / 1_000_000)
        #expect(cost.provider == 123_456_790 * (yoctoPerNear / 2_000_000))
    }

    @Test func overflowIsAnErrorNotATrap() {
        let prices = PriceSchedule(creatorPerThousandPromptTokens: .max / 2, creatorPerThousandCompletionTokens: 0, providerPerThousandTokens: 0)
        #expect(throws: PriceError.overflow(promptTokens: 3, completionTokens: 0)) {
            try prices.cost(promptTokens: 3, completionTokens: 0)
        }
    }

    @Test func maxCostBoundsEveryShorterCompletion() throws {
        let max = try Fixtures.prices.maxCost(promptTokens: 77, maxCompletionTokens: 500)
        for completion: UInt64 in 0...500 {
            let cost = try Fixtures.prices.cost(promptTokens: 77, completionTokens: completion)
            #expect(cost.creator <= max.creator && cost.provider <= max.provider)
        }
    }

    @Test func jsonCarriesAmountsAsDecimalStrings() throws {
        let prices = PriceSchedule(
            creatorPerThousandPromptTokens: UInt128.max, creatorPerThousandCompletionTokens: 1, providerPerThousandTokens: 0)
        let json = String(decoding: try JSONEncoder().encode(prices), as: UTF8.self)
        #expect(json.contains("\"price_prompt_per_1k\":\"340282366920938463463374607431768211455\""))
        #expect(try JSONDecoder().decode(PriceSchedule.self, from: Data(json.utf8)) == prices)
    }
}
