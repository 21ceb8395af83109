import NearLightClient
import Testing
@testable import Payments

@Suite struct ProviderChannelStateMachineTests {
    typealias Machine = ProviderChannelStateMachine

    @Test func happyPathFromChallengeToClosure() throws {
        var machine = Machine(domain: Fixtures.domain)
        let challenge = try machine.issueChallenge(Challenge.random())
        #expect(machine.state == .challengeIssued(challenge))
        try machine.establish(Fixtures.facts(challenge: challenge))
        guard case .open(let opened) = machine.state else { Issue.record("not open: \(machine.state)"); return }
        #expect(opened.spent == 0 && opened.voucherNonce == 0 && opened.deposit == 1_000_000 && opened.challenge == challenge)

        // Max cost of 1000 prompt + 500 completion: creator 3000+3500 = 6500, provider 3000 → 9500.
        let action = machine.authorize(voucher: try Fixtures.voucher(spent: 9_500, nonce: 1), promptTokens: 1000, maxCompletionTokens: 500)
        guard case .proceed(let reservation) = action else { Issue.record("refused: \(action)"); return }
        #expect(reservation.promptTokens == 1000 && reservation.maxCompletionTokens == 500 && reservation.voucherNonce == 1)
        // 200 completion tokens: creator 3000 + 1400 = 4400, provider 2400.
        let charge = try machine.settle(reservation, completionTokens: 200)
        #expect(charge == Charge(cost: Cost(creator: 4_400, provider: 2_400), spent: 6_800))

        let closure = try machine.requestClosure(nonce: 42)
        let terms = ClosureTerms(domain: Fixtures.domain, channel: 7, challenge: challenge, spent: 6_800, modelShare: 4_400, nonce: 42)
        #expect(closure == .signClosure(terms))
        #expect(machine.state == .closed(terms))
        // Forgotten: no more completions; asking again signs the same terms, never new ones.
        #expect(machine.authorize(voucher: try Fixtures.voucher(spent: 20_000, nonce: 2), promptTokens: 1, maxCompletionTokens: 1)
            == .reject(.noOpenChannel(state: "closed (channel 7)")))
        #expect(try machine.requestClosure(nonce: 43) == .repeatClosure(terms))
    }

    @Test func pricesTheCumulativeTokenCountsAsTheContractDoes() throws {
        // 1 yoctoNEAR per 1,000 prompt tokens: two 1-token prompts cost ceil(2/1000) = 1 in all,
        // not 1 each.
        let prices = PriceSchedule(creatorPerThousandPromptTokens: 1, creatorPerThousandCompletionTokens: 0, providerPerThousandTokens: 0)
        var machine = ProviderChannelStateMachine(domain: Fixtures.domain)
        let challenge = try machine.issueChallenge(Challenge.random())
        try machine.establish(ChannelFacts(
            domain: Fixtures.domain, channel: 7, challenge: challenge, payerKey: Fixtures.payerKey.publicKey,
            deposit: 10, providerDeposit: 10, prices: prices))
        var charges: [Charge] = []
        for nonce: UInt64 in 1...2 {
            guard case .proceed(let reservation) = machine.authorize(
                voucher: try Fixtures.voucher(spent: 1, nonce: nonce), promptTokens: 1, maxCompletionTokens: 0)
            else { Issue.record("refused request \(nonce)"); return }
            charges.append(try machine.settle(reservation, completionTokens: 0))
        }
        #expect(charges == [Charge(cost: Cost(creator: 1, provider: 0), spent: 1), Charge(cost: .zero, spent: 1)])
    }

    @Test func challengeIsSingleUseAndMustMatch() throws {
        var machine = Machine(domain: Fixtures.domain)
        #expect(throws: ChannelStateError.self) { try machine.establish(Fixtures.facts(challenge: Challenge.random())) }
        let challenge = try machine.issueChallenge(Challenge.random())
        #expect(throws: ChannelStateError.self) { try machine.issueChallenge(Challenge.random()) }
        let other = Challenge.random()
        #expect(throws: ChannelStateError.challengeMismatch(issued: challenge, channel: other)) {
            try machine.establish(Fixtures.facts(challenge: other))
        }
        #expect(throws: ChannelStateError.wrongDomain(expected: Fixtures.domain, actual: Fixtures.otherDomain)) {
            try machine.establish(Fixtures.facts(challenge: challenge, domain: Fixtures.otherDomain))
        }
        #expect(throws: ChannelStateError.unequalDeposits(payer: 1_000, provider: 999)) {
            try machine.establish(Fixtures.facts(challenge: challenge, deposit: 1_000, providerDeposit: 999))
        }
        #expect(throws: ChannelStateError.unequalDeposits(payer: 0, provider: 0)) {
            try machine.establish(Fixtures.facts(challenge: challenge, deposit: 0))
        }
        try machine.establish(Fixtures.facts(challenge: challenge))
        #expect(throws: ChannelStateError.self) { try machine.establish(Fixtures.facts(challenge: challenge)) }
    }

    @Test func refusesWith402BeforeGenerationWhenTheDepositCannotCoverTheMaximum() throws {
        var machine = try Fixtures.openMachine(deposit: 9_499)
        let before = machine
        let action = machine.authorize(voucher: try Fixtures.voucher(spent: 9_500, nonce: 1), promptTokens: 1000, maxCompletionTokens: 500)
        #expect(action == .reject(.insufficientDeposit(required: 9_500, available: 9_499)))
        guard case .reject(let rejection) = action else { return }
        #expect(rejection.httpStatus == 402)
        #expect(machine == before, "a refused request must not consume the nonce or reserve anything")
    }

    @Test func inFlightReservationsCountAgainstTheDeposit() throws {
        var machine = try Fixtures.openMachine(deposit: 10_000)
        guard case .proceed(let first) = machine.authorize(voucher: try Fixtures.voucher(spent: 9_500, nonce: 1), promptTokens: 1000, maxCompletionTokens: 500)
        else { Issue.record("first request refused"); return }
        // The second request's maximum (9,500) does not fit next to the first's reservation.
        #expect(machine.authorize(voucher: try Fixtures.voucher(spent: 19_000, nonce: 2), promptTokens: 1000, maxCompletionTokens: 500)
            == .reject(.insufficientDeposit(required: 9_500, available: 500)))
        try machine.release(first)
        guard case .proceed = machine.authorize(voucher: try Fixtures.voucher(spent: 9_500, nonce: 2), promptTokens: 1000, maxCompletionTokens: 500)
        else { Issue.record("refused after release"); return }
    }

    @Test func replayedOrOlderNoncesAreRefused() throws {
        var machine = try Fixtures.openMachine()
        let voucher = try Fixtures.voucher(spent: 100_000, nonce: 5)
        guard case .proceed(let reservation) = machine.authorize(voucher: voucher, promptTokens: 10, maxCompletionTokens: 10) else {
            Issue.record("refused"); return
        }
        #expect(machine.authorize(voucher: voucher, promptTokens: 10, maxCompletionTokens: 10)
            == .reject(.badVoucher(.replayedNonce(last: 5, actual: 5))))
        _ = try machine.settle(reservation, completionTokens: 10)
        #expect(machine.authorize(voucher: try Fixtures.voucher(spent: 200_000, nonce: 4), promptTokens: 10, maxCompletionTokens: 10)
            == .reject(.badVoucher(.replayedNonce(last: 5, actual: 4))))
    }

    @Test func aVoucherForAnotherNodesChannelIsRefused() throws {
        // Alice's channel 7 is bound to node A's challenge; node B has its own channel 8.
        var nodeA = try Fixtures.openMachine(channel: 7)
        var nodeB = try Fixtures.openMachine(channel: 8)
        let voucher = try Fixtures.voucher(channel: 7, spent: 100_000, nonce: 1)
        guard case .proceed = nodeA.authorize(voucher: voucher, promptTokens: 10, maxCompletionTokens: 10) else {
            Issue.record("node A refused its own channel's voucher"); return
        }
        let replayed = nodeB.authorize(voucher: voucher, promptTokens: 10, maxCompletionTokens: 10)
        #expect(replayed == .reject(.badVoucher(.wrongChannel(expected: 8, actual: 7))))
        // A fresh node that has not established anything refuses too.
        var fresh = Machine(domain: Fixtures.domain)
        #expect(fresh.authorize(voucher: voucher, promptTokens: 10, maxCompletionTokens: 10) == .reject(.noOpenChannel(state: "idle")))
    }

    @Test func vouchersForAnotherDeploymentOrKeyAreRefused() throws {
        var machine = try Fixtures.openMachine()
        let wrongDomain = try Fixtures.voucher(spent: 100_000, nonce: 1, domain: Fixtures.otherDomain)
        #expect(machine.authorize(voucher: wrongDomain, promptTokens: 1, maxCompletionTokens: 1)
            == .reject(.badVoucher(.wrongDomain(expected: Fixtures.domain, actual: Fixtures.otherDomain))))
        let wrongKey = try Fixtures.voucher(spent: 100_000, nonce: 1, key: Fixtures.nodeKey)
        let action = machine.authorize(voucher: wrongKey, promptTokens: 1, maxCompletionTokens: 1)
        #expect(action == .reject(.badVoucher(.badSignature(payer: Fixtures.payerKey.publicKey))))
        if case .reject(let rejection) = action { #expect(rejection.httpStatus == 401) }
    }

    @Test func aVoucherMustCoverSpentPlusThisRequestsMaximum() throws {
        var machine = try Fixtures.openMachine()
        // 1000 prompt + 500 max completion costs up to 9,500.
        #expect(machine.authorize(voucher: try Fixtures.voucher(spent: 9_499, nonce: 1), promptTokens: 1000, maxCompletionTokens: 500)
            == .reject(.voucherBelowCost(required: 9_500, authorized: 9_499)))
        guard case .proceed(let reservation) = machine.authorize(
            voucher: try Fixtures.voucher(spent: 9_500, nonce: 2), promptTokens: 1000, maxCompletionTokens: 500)
        else { Issue.record("refused"); return }
        _ = try machine.settle(reservation, completionTokens: 500)
        // Next voucher: 9,500 already spent, so it needs 19,000.
        #expect(machine.authorize(voucher: try Fixtures.voucher(spent: 18_999, nonce: 3), promptTokens: 1000, maxCompletionTokens: 500)
            == .reject(.voucherBelowCost(required: 19_000, authorized: 18_999)))
    }

    @Test func settleChecksTheReservation() throws {
        var machine = try Fixtures.openMachine()
        var other = try Fixtures.openMachine()
        guard case .proceed(let reservation) = machine.authorize(voucher: try Fixtures.voucher(spent: 100_000, nonce: 1), promptTokens: 10, maxCompletionTokens: 20),
            case .proceed(let foreign) = other.authorize(voucher: try Fixtures.voucher(spent: 100_000, nonce: 9), promptTokens: 10, maxCompletionTokens: 20)
        else { Issue.record("refused"); return }
        #expect(foreign.id == reservation.id, "ids are per channel")
        #expect(throws: ChannelStateError.completionExceedsReservation(reserved: 20, actual: 21)) {
            try machine.settle(reservation, completionTokens: 21)
        }
        _ = try machine.settle(reservation, completionTokens: 20)
        #expect(throws: ChannelStateError.unknownReservation(reservation.id)) { try machine.settle(reservation, completionTokens: 1) }
    }

    @Test func cooperativeCloseWaitsForRequestsInFlight() throws {
        var machine = try Fixtures.openMachine()
        guard case .proceed(let reservation) = machine.authorize(voucher: try Fixtures.voucher(spent: 100_000, nonce: 1), promptTokens: 10, maxCompletionTokens: 20)
        else { Issue.record("refused"); return }
        #expect(throws: ChannelStateError.requestsInFlight(1)) { try machine.requestClosure(nonce: 5) }
        _ = try machine.settle(reservation, completionTokens: 0)
        guard case .signClosure(let terms) = try machine.requestClosure(nonce: 5) else { Issue.record("not closed"); return }
        #expect(terms.spent == 50 && terms.modelShare == 30 && terms.nonce == 5)
    }

    @Test func unilateralCloseChargesRequestsInFlightAtTheirMaximum() throws {
        var machine = try Fixtures.openMachine()
        guard case .proceed(let done) = machine.authorize(voucher: try Fixtures.voucher(spent: 100_000, nonce: 1), promptTokens: 1000, maxCompletionTokens: 500),
            case .proceed = machine.authorize(voucher: try Fixtures.voucher(spent: 100_000, nonce: 2), promptTokens: 1000, maxCompletionTokens: 500)
        else { Issue.record("refused"); return }
        _ = try machine.settle(done, completionTokens: 200)  // 6,800 of which creator 4,400
        #expect(throws: ChannelStateError.wrongChannel(expected: 7, actual: 8)) { try machine.answerUnilateralClose(channel: 8, nonce: 9) }
        guard case .open(let channel) = machine.state else { return }
        let terms = ClosureTerms(
            domain: Fixtures.domain, channel: 7, challenge: channel.challenge, spent: 6_800 + 9_500, modelShare: 4_400 + 6_500, nonce: 9)
        #expect(try machine.answerUnilateralClose(channel: 7, nonce: 9) == .signClosure(terms))
        #expect(try machine.answerUnilateralClose(channel: 7, nonce: 10) == .repeatClosure(terms))
        #expect(try machine.requestClosure(nonce: 11) == .repeatClosure(terms))
    }
}

extension ProviderChannelStateMachineTests {
    @Test func aChannelNeverEstablishedClosesAtZeroAndOnlyThen() throws {
        var machine = Machine(domain: Fixtures.domain)
        let challenge = try machine.issueChallenge(Challenge.random())
        let terms = ClosureTerms(domain: Fixtures.domain, channel: 12, challenge: challenge, spent: 0, modelShare: 0, nonce: 3)
        #expect(try machine.closeUnserved(channel: 12, nonce: 3) == .signClosure(terms))
        #expect(try machine.closeUnserved(channel: 12, nonce: 4) == .repeatClosure(terms))
        #expect(throws: ChannelStateError.wrongChannel(expected: 12, actual: 13)) { try machine.closeUnserved(channel: 13, nonce: 4) }
        #expect(throws: ChannelStateError.self) { try machine.establish(Fixtures.facts(channel: 12, challenge: challenge)) }

        // A served channel never gets a zero-spent closure this way.
        var served = try Fixtures.openMachine()
        #expect(throws: ChannelStateError.self) { try served.closeUnserved(channel: 7, nonce: 5) }
    }
}
