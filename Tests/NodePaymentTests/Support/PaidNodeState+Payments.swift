import Foundation
import NearLightClient
@testable import Node
import Payments

/// A clock a test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) {
        lock.withLock { current += seconds }
    }
}

extension PaidNodeState {
    /// The payment service alone (no HTTP), on `counters` and `clock`.
    func startPayments(counters: any ChannelCounters, clock: ManualClock = ManualClock()) async throws -> PaymentService {
        try await PaymentService.start(
            identity: identity, directory: directory, ledgerKey: ledgerKey, counters: counters, trustedHead: trustedHead, now: { clock.now })
    }

    /// Proves the market's `event` for `channel` (opened with `challenge`) and establishes it.
    func establish(
        _ channel: UInt64, challenge: Challenge, payer: SecretKey, on payments: PaymentService
    ) async throws -> ChannelFacts {
        let market = MarketChannel(channel: channel, challenge: challenge.description, payerKey: payer.publicKey, signingKey: signingKey)
        let (proof, head) = chain.prove(market.outcome("provider_deposit_locked"))
        return try await payments.establish(proof: proof, blocks: [head])
    }

    /// Proves the market's `force_close_started` for `channel` and asks for the answer.
    func answerForceClose(_ channel: UInt64, challenge: Challenge, payer: SecretKey, on payments: PaymentService) async throws -> ClosureApproval {
        var market = MarketChannel(channel: channel, challenge: challenge.description, payerKey: payer.publicKey, signingKey: signingKey)
        market.state = "closing"
        let (proof, head) = chain.prove(market.outcome("force_close_started"))
        return try await payments.answerForceClose(proof: proof, blocks: [head])
    }
}

extension PaymentService {
    /// One request of 10 prompt tokens and 5 of at most 10 completion tokens on channel `facts`,
    /// authorized with a voucher for the whole deposit and settled.
    func charge(nonce: UInt64, facts: ChannelFacts, payer: SecretKey) async throws -> Charge {
        let ledger = try ledger(charging: facts.channel)
        let voucher = try Voucher.sign(domain: facts.domain, channel: facts.channel, spent: facts.deposit, nonce: nonce, payerKey: payer)
        let action = try await ledger.authorize(voucher: voucher, promptTokens: 10, maxCompletionTokens: 10)
        guard case .proceed(let reservation) = action else { throw ChargeRefused(action: action) }
        return try await ledger.settle(reservation, completionTokens: 5)
    }
}

struct ChargeRefused: Error {
    let action: ProviderChannelStateMachine.AuthorizeAction
}
