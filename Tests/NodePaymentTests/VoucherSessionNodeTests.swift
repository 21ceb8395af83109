@testable import DCMLClient
import Foundation
import NearLightClient
import Payments
import Testing

/// Session vouchers on a paid node: `POST /v1/payments/session` takes the payer's grant and key
/// over RA-TLS; MAC vouchers are refused without it, after a restart, and under a replaced key,
/// and `PaidSession` grants again by itself.
@Suite struct VoucherSessionNodeTests {
    @Test func macVouchersPayOnlyAfterAGrantAndARestartForgetsTheKey() async throws {
        let state = try await PaidNodeState.make()
        defer { try? FileManager.default.removeItem(atPath: state.directory) }
        let payer = SecretKey.generate()
        let key = VoucherSessionKey.random()
        let facts = try await PaidNode.with(state) { node in
            let (session, _) = try await node.openSession(payerKey: payer)
            let facts = session.facts
            func mac(_ nonce: UInt64) -> Voucher {
                Voucher.authenticate(domain: facts.domain, channel: facts.channel, spent: facts.deposit, nonce: nonce, sessionKey: key)
            }

            let ungranted = try await PaidCompletionTests.send(node, voucher: mac(1), maxTokens: 1)
            #expect(ungranted.status == 401)
            #expect(ungranted.body.contains("session_unknown") && ungranted.body.contains("POST /v1/payments/session"))

            // A grant signed by anyone but the payer is refused, and so is one for another key.
            let forged = try VoucherSessionGrant.sign(domain: facts.domain, channel: facts.channel, key: key, payerKey: .generate())
            for request in [VoucherSessionRequest(grant: forged, key: key), VoucherSessionRequest(grant: try Self.grant(facts, key: .random(), payer: payer), key: key)] {
                let refused = await #expect(throws: DCMLClientError.self) { _ = try await node.client.startVoucherSession(request) }
                guard case .http(let status, let body)? = refused else { Issue.record("expected a refusal"); return facts }
                #expect(status == 401 && body.contains("invalid_session_grant"))
            }

            let account = try await node.client.startVoucherSession(VoucherSessionRequest(grant: try Self.grant(facts, key: key, payer: payer), key: key))
            #expect(account.channel == facts.channel && account.state == .open && account.lastNonce == 0)
            let paid = try await PaidCompletionTests.send(node, voucher: mac(1), maxTokens: 1)
            #expect(paid.status == 200)
            let replayed = try await PaidCompletionTests.send(node, voucher: mac(1), maxTokens: 1)
            #expect(replayed.status == 401 && replayed.body.contains("nonce 1 is not above"))
            return facts
        }

        // The node restarts from its ledger: the channel is there, the session key is not.
        try await PaidNode.with(state) { node in
            let voucher = Voucher.authenticate(domain: facts.domain, channel: facts.channel, spent: facts.deposit, nonce: 2, sessionKey: key)
            let forgotten = try await PaidCompletionTests.send(node, voucher: voucher, maxTokens: 1)
            #expect(forgotten.status == 401 && forgotten.body.contains("session_unknown"))
            // A resumed session grants a new key on its own and pays.
            let session = try await PaidSession.resume(with: node.client, channel: facts.channel, payerKey: payer)
            let answer = try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 1)
            #expect(answer.spent == (try facts.prices.cost(promptTokens: await session.promptTokens, completionTokens: await session.completionTokens).total))
        }
    }

    @Test func aSessionWhoseKeyWasReplacedGrantsAgainAndGoesOn() async throws {
        try await PaidNode.with { node in
            let payer = SecretKey.generate()
            let (first, _) = try await node.openSession(payerKey: payer)
            _ = try await first.chat(messages: PaidCompletionTests.hello, maxTokens: 1)
            // Another session of the same channel grants its own key, which replaces the first's.
            let second = try await PaidSession.resume(with: node.client, channel: first.facts.channel, payerKey: payer)
            _ = try await second.chat(messages: PaidCompletionTests.hello, maxTokens: 1)
            // The first session's key is refused (401 session_unknown); it grants again and pays.
            try await first.resynchronize()
            let answer = try await first.chat(messages: PaidCompletionTests.hello, maxTokens: 1)
            let account = try await node.client.channelAccount(first.facts.channel)
            #expect(answer.spent == account.spent)
            #expect(account.lastNonce == 3)
        }
    }

    static func grant(_ facts: ChannelFacts, key: VoucherSessionKey, payer: SecretKey) throws -> VoucherSessionGrant {
        try VoucherSessionGrant.sign(domain: facts.domain, channel: facts.channel, key: key, payerKey: payer)
    }
}
