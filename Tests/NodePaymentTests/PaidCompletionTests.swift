@testable import DCMLClient
import Foundation
import NearLightClient
import Payments
import Testing

/// Completions on a paid node (§6): established from a light-client proof, charged per voucher
/// at the channel's rates from the actual token counts, refused before generation otherwise.
@Suite struct PaidCompletionTests {
    static let hello = [ChatMessage(role: "user", content: "Say hi.")]

    @Test func establishedChannelChargesTheExactPriceOfTheTokenCounts() async throws {
        try await PaidNode.with { node in
            let (session, market) = try await node.openSession()
            #expect(session.facts.channel == market.channel)
            #expect(session.facts.deposit == market.deposit)

            let first = try await session.chat(messages: Self.hello, maxTokens: 3)
            let prices = session.facts.prices
            let expectedFirst = try prices.cost(promptTokens: first.promptTokens, completionTokens: first.completionTokens).total
            #expect(first.promptTokens > 0 && first.completionTokens > 0)
            #expect(first.spent == expectedFirst)

            let second = try await session.chat(messages: Self.hello, maxTokens: 2)
            let expectedTotal = try prices.cost(
                promptTokens: first.promptTokens + second.promptTokens, completionTokens: first.completionTokens + second.completionTokens).total
            #expect(second.spent == expectedTotal)
            #expect(second.spent > first.spent)
        }
    }

    @Test func streamedChatIsChargedByItsUsageChunk() async throws {
        try await PaidNode.with { node in
            let (session, _) = try await node.openSession()
            let text = TextBox()
            let answer = try await session.chatStream(messages: Self.hello, maxTokens: 3) { delta in text.append(delta) }
            #expect(!answer.completion.content.isEmpty && text.value == answer.completion.content)
            #expect(answer.completionTokens > 0 && answer.completionTokens <= 3)
            #expect(answer.spent == (try session.facts.prices.cost(promptTokens: answer.promptTokens, completionTokens: answer.completionTokens).total))
            let account = try await node.client.channelAccount(session.facts.channel)
            #expect(account.spent == answer.spent && account.lastNonce == 1)
        }
    }

    @Test func concurrentRequestsOfOneSessionWaitTheirTurn() async throws {
        try await PaidNode.with { node in
            let (session, _) = try await node.openSession()
            // As an OpenAI client behind `dcml pay-proxy` may send them: all at once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask { _ = try await session.chat(messages: Self.hello, maxTokens: 1) }
                }
                try await group.waitForAll()
            }
            let account = try await node.client.channelAccount(session.facts.channel)
            #expect(await session.nonce == 3 && account.lastNonce == 3)
            #expect(account.spent == (await session.spent))
        }
    }

    @Test func completionWithoutVoucherIsRefusedWith402() async throws {
        try await PaidNode.with { node in
            _ = try await node.openSession()
            let error = await #expect(throws: DCMLClientError.self) {
                _ = try await node.client.postPinned(path: "/v1/chat/completions", body: Self.body(maxTokens: 2))
            }
            guard case .http(let status, let body)? = error else { Issue.record("expected an HTTP refusal, got \(String(describing: error))"); return }
            #expect(status == 402)
            #expect(body.contains("voucher_required") && body.contains("X-DCML-Voucher"))
        }
    }

    @Test func depositThatCannotCoverMaxTokensIsRefusedBeforeGeneration() async throws {
        try await PaidNode.with { node in
            // 1.5e15 per prompt token and 3.5e15 per completion token: 100 completion tokens never fit 3e17.
            let payer = SecretKey.generate()
            let (session, _) = try await node.openSession(deposit: 300_000_000_000_000_000, payerKey: payer)
            let facts = session.facts
            let voucher = try Voucher.sign(domain: facts.domain, channel: facts.channel, spent: facts.deposit, nonce: 1, payerKey: payer)
            let raw = try await Self.send(node, voucher: voucher, maxTokens: 100)
            #expect(raw.status == 402)
            #expect(raw.body.contains("insufficient_deposit") && raw.body.contains("lower max_tokens"))
            // Nothing was generated or charged: a request that fits still goes through, at the price of its own tokens.
            let answer = try await session.chat(messages: Self.hello, maxTokens: 2)
            #expect(answer.spent == (try session.facts.prices.cost(promptTokens: answer.promptTokens, completionTokens: answer.completionTokens).total))
        }
    }

    @Test func tamperedVoucherIsRefusedWith401() async throws {
        try await PaidNode.with { node in
            let payer = SecretKey.generate()
            let (session, _) = try await node.openSession(payerKey: payer)
            let facts = session.facts
            // Signed by someone other than the channel's payer.
            let stranger = try Voucher.sign(domain: facts.domain, channel: facts.channel, spent: facts.deposit, nonce: 1, payerKey: .generate())
            let forged = try await Self.send(node, voucher: stranger, maxTokens: 2)
            #expect(forged.status == 401)
            #expect(forged.body.contains("invalid_voucher") && forged.body.contains("does not verify"))
            // A genuine signature over other terms: the amount raised after signing.
            let genuine = try Voucher.sign(domain: facts.domain, channel: facts.channel, spent: 1_000, nonce: 1, payerKey: payer)
            let raised = Voucher(domain: genuine.domain, channel: genuine.channel, spent: facts.deposit, nonce: genuine.nonce, proof: genuine.proof)
            let tampered = try await Self.send(node, voucher: raised, maxTokens: 2)
            #expect(tampered.status == 401)
            // Not base64 JSON at all.
            let garbage = try await Self.send(node, header: "not a voucher", maxTokens: 2)
            #expect(garbage.status == 401)
            #expect(garbage.body.contains("X-DCML-Voucher"))
        }
    }

    @Test func voucherReplayedToAnotherNodeInstanceIsRefused() async throws {
        // Alice's channel is established with node A; B is another instance (a clone of the same
        // configuration, its own challenge and ledger).
        let payer = SecretKey.generate()
        let voucher = try await PaidNode.with { a in
            let (session, _) = try await a.openSession(channel: 7, payerKey: payer)
            let voucher = try Voucher.sign(domain: session.facts.domain, channel: session.facts.channel, spent: session.facts.deposit, nonce: 1, payerKey: payer)
            let served = try await Self.send(a, voucher: voucher, maxTokens: 1)
            #expect(served.status == 200)
            // The same voucher again on A: its nonce is used.
            let again = try await Self.send(a, voucher: voucher, maxTokens: 1)
            #expect(again.status == 401)
            #expect(again.body.contains("nonce 1 is not above the last accepted nonce 1"))
            return voucher
        }
        try await PaidNode.with { b in
            // B never established channel 7: the voucher names a channel B does not have.
            let refused = try await Self.send(b, voucher: voucher, maxTokens: 1)
            #expect(refused.status == 409)
            #expect(refused.body.contains("no_channel"))
            // Nor can Alice's proof of A's channel be established on B: its challenge is A's.
            let offer = try await PaidSession.offer(from: b.client)
            let market = MarketChannel(channel: 7, challenge: String(repeating: "ab", count: 32), payerKey: payer.publicKey, signingKey: b.state.signingKey)
            #expect(offer.challenge.description != market.challenge)
            let (proof, head) = b.state.chain.prove(market.outcome("provider_deposit_locked"))
            let error = await #expect(throws: DCMLClientError.self) {
                _ = try await PaidSession.establish(with: b.client, outcomeProof: proof.nearJSON, lightClientHead: head.nearJSON, payerKey: payer)
            }
            guard case .http(let status, let body)? = error else { Issue.record("expected a refusal"); return }
            #expect(status == 409)
            #expect(body.contains("unknown_challenge"))
        }
    }

    // MARK: helpers

    static func body(maxTokens: Int) -> [UInt8] {
        let served = (try? SharedModel.loaded.get().engine.modelID) ?? ""
        return Array(#"{"model":"\#(served)","max_tokens":\#(maxTokens),"messages":[{"role":"user","content":"Say hi."}]}"#.utf8)
    }

    struct Raw { let status: Int; let body: String }

    /// Asks `node` for the closure of `channel`, which must be refused as stale (a restored
    /// snapshot or a clone): 409 `stale_channel_state`. Returns the refusal's body.
    @discardableResult
    static func expectStaleClosure(_ node: PaidNode, channel: UInt64) async throws -> String {
        do {
            _ = try await node.client.postPinned(path: "/v1/payments/close", body: Array(#"{"channel_id":\#(channel)}"#.utf8))
            Issue.record("a closure was signed for a stale state of channel \(channel)")
            return ""
        } catch DCMLClientError.http(let status, let body) {
            #expect(status == 409)
            #expect(body.contains("stale_channel_state"))
            return body
        }
    }

    static func send(_ node: PaidNode, voucher: Voucher, maxTokens: Int) async throws -> Raw {
        try await send(node, header: voucher.headerValue, maxTokens: maxTokens)
    }

    static func send(_ node: PaidNode, header: String, maxTokens: Int) async throws -> Raw {
        do {
            let r = try await node.client.postPinned(path: "/v1/chat/completions", body: body(maxTokens: maxTokens), headers: [(Voucher.headerName, header)])
            return Raw(status: Int(r.status.code), body: String(decoding: r.body, as: UTF8.self))
        } catch DCMLClientError.http(let status, let body) {
            return Raw(status: status, body: body)
        }
    }
}

/// Text collected from a stream's callback.
final class TextBox: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    var value: String { lock.withLock { text } }
    func append(_ piece: String) { lock.withLock { text += piece } }
}
