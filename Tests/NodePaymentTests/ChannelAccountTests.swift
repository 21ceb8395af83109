@testable import DCMLClient
import Foundation
import NearLightClient
import Payments
import Testing

/// `GET /v1/payments/channel/{id}` and `PaidSession.resume`: a payer who did not establish the
/// channel (or lost its session) picks it up where the node's account of it stands.
@Suite struct ChannelAccountTests {
    @Test func resumedSessionContinuesFromTheNodesAccount() async throws {
        try await PaidNode.with { node in
            let payer = SecretKey.generate()
            let (first, _) = try await node.openSession(channel: 21, payerKey: payer)
            let answer = try await first.chat(messages: PaidCompletionTests.hello, maxTokens: 2)

            let account = try await node.client.channelAccount(21)
            #expect(account.state == .open)
            #expect(account.facts == first.facts)
            #expect(account.promptTokens == answer.promptTokens)
            #expect(account.completionTokens == answer.completionTokens)
            #expect(account.spent == answer.spent)
            #expect(account.lastNonce == 1)

            // A fresh session (another process of Alice's) takes over: its vouchers follow the node's nonce.
            let resumed = try await PaidSession.resume(with: node.client, channel: 21, payerKey: payer)
            #expect(await resumed.spent == answer.spent)
            let next = try await resumed.chat(messages: PaidCompletionTests.hello, maxTokens: 2)
            #expect(next.spent > answer.spent)
            #expect(await resumed.nonce == 2)

            // Someone else's key does not get the session.
            await #expect(throws: PaymentClientError.self) {
                _ = try await PaidSession.resume(with: node.client, channel: 21, payerKey: .generate())
            }

            // Closed, the node keeps only the final terms.
            let approval = try await resumed.close()
            let closed = try await node.client.channelAccount(21)
            #expect(closed.state == .closed)
            #expect(closed.spent == approval.terms.spent)
            #expect(closed.modelShare == approval.terms.modelShare)
            #expect(closed.facts == nil)
        }
    }

    @Test func unknownChannelIsATypedNotFound() async throws {
        try await PaidNode.with { node in
            for path in ["/v1/payments/channel/404", "/v1/payments/channel/not-a-number"] {
                do {
                    _ = try await node.client.getPinned(path: path)
                    Issue.record("\(path) answered 200")
                } catch DCMLClientError.http(let status, let body) {
                    #expect(path.hasSuffix("404") ? status == 404 && body.contains("channel_not_found") : status == 400 && body.contains("decimal u64"))
                }
            }
        }
    }
}
