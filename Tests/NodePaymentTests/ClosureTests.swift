@testable import DCMLClient
import Foundation
import NearLightClient
import Payments
import Testing

/// `request_channel_closure()` and the answer to a unilateral close: the approval is the
/// contract's exact text (Contracts/payment_channel/README.md), signed with the channel's key.
@Suite struct ClosureTests {
    @Test func closureApprovalIsTheContractsTextSignedWithTheChannelsKey() async throws {
        try await PaidNode.with { node in
            let (session, market) = try await node.openSession(channel: 7)
            let answer = try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 2)
            let approval = try await session.close()  // the SDK checked the amounts against its own account

            let charged = await session.charged
            let terms = approval.terms
            #expect(terms.spent == answer.spent)
            #expect(terms.modelShare == charged.creator)
            let text = "dcml-channel-close-v1:\(MarketChannel.chain):\(MarketChannel.contract):7:\(market.challenge):\(answer.spent):\(charged.creator):\(terms.nonce)"
            #expect(String(decoding: terms.signedMessage, as: UTF8.self) == text)
            let channelKey = try PublicKey(ed25519: market.signingKey)
            #expect(approval.signer == channelKey)
            #expect(channelKey.verify(approval.signature, for: Array(text.utf8)))
            #expect(String(decoding: approval.contractArguments, as: UTF8.self)
                == #"{"channel_id":7,"model_share":"\#(charged.creator)","nonce":\#(terms.nonce),"signature":"\#(Hex.encode(approval.signature.bytes))","spent":"\#(answer.spent)"}"#)

            // The channel is forgotten: no more charges; asked again, the node signs the same terms.
            let voucher = try Voucher.sign(domain: session.facts.domain, channel: 7, spent: session.facts.deposit, nonce: 9, payerKey: .generate())
            let refused = try await PaidCompletionTests.send(node, voucher: voucher, maxTokens: 1)
            #expect(refused.status == 409)
            #expect(refused.body.contains("channel 7 is closed"))
            let again = try await session.close()
            #expect(again.terms == terms)
        }
    }

    @Test func proofOfForceCloseStartedGetsTheAnswerApproval() async throws {
        try await PaidNode.with { node in
            let (session, opened) = try await node.openSession(channel: 11)
            var market = opened
            let answer = try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 2)
            market.state = "closing"
            let (proof, head) = node.state.chain.prove(market.outcome("force_close_started"))
            let body = Data(#"{"outcome_proof":"#.utf8) + proof.nearJSON + Data(#","light_client_head":["#.utf8) + head.nearJSON + Data("]}".utf8)
            let response = try await node.client.postPinned(path: "/v1/payments/answer_force_close", body: Array(body))
            let approval = try JSONDecoder().decode(ClosureApproval.self, from: Data(response.body))
            #expect(approval.isValid)
            #expect(approval.signer.bytes == node.state.signingKey)
            #expect(approval.terms.channel == 11)
            #expect(approval.terms.spent == answer.spent)
            #expect(approval.terms.challenge.description == market.challenge)
        }
    }
}

/// Proofs the node must refuse: each says what it expected.
@Suite struct ProofRefusalTests {
    @Test func refusesOutcomesThatDoNotProveAnActiveChannelForThisNode() async throws {
        try await PaidNode.with { node in
            let payer = SecretKey.generate()
            let offer = try await PaidSession.offer(from: node.client)
            let good = MarketChannel(channel: 3, challenge: offer.challenge.description, payerKey: payer.publicKey, signingKey: node.state.signingKey)

            func establish(_ outcome: ExecutionOutcome, head: Bool = true) async -> (Int, String) {
                let (proof, newHead) = node.state.chain.prove(outcome)
                do {
                    _ = try await PaidSession.establish(with: node.client, outcomeProof: proof.nearJSON, lightClientHead: head ? newHead.nearJSON : nil, payerKey: payer)
                    return (200, "")
                } catch DCMLClientError.http(let status, let body) {
                    return (status, body)
                } catch {
                    return (0, "\(error)")
                }
            }

            let foreignContract = await establish(good.outcome("provider_deposit_locked", executor: "evil.test"))
            #expect(foreignContract.0 == 400 && foreignContract.1.contains("executed by evil.test, expected the model market market.dcml.test"))

            let notTheEvent = await establish(good.outcome("channel_opened"))
            #expect(notTheEvent.0 == 400 && notTheEvent.1.contains("no dcml_market `provider_deposit_locked` event"))

            var otherModel = good
            otherModel.model = "someone/else"
            let wrongModel = await establish(otherModel.outcome("provider_deposit_locked"))
            #expect(wrongModel.0 == 400 && wrongModel.1.contains("expected `charlie/tiny-llama`"))

            var otherNode = good
            otherNode.signingKey = SecretKey.generate().publicKey.bytes
            let wrongKey = await establish(otherNode.outcome("provider_deposit_locked"))
            #expect(wrongKey.0 == 400 && wrongKey.1.contains("signing_public_key"))

            var pending = good
            pending.state = "pending"
            let notActive = await establish(pending.outcome("provider_deposit_locked"))
            #expect(notActive.0 == 400 && notActive.1.contains("expected active"))

            // A proof against a head the node does not have (its head block withheld).
            let staleHead = await establish(good.outcome("provider_deposit_locked"), head: false)
            #expect(staleHead.0 == 400 && staleHead.1.contains("invalid_proof"))

            // A head signed by a key that is not the block producer's.
            let forged = node.state.chain.forgedHead()
            let (proof, _) = node.state.chain.prove(good.outcome("provider_deposit_locked"))
            let body = Data(#"{"outcome_proof":"#.utf8) + proof.nearJSON + Data(#","light_client_head":"#.utf8) + forged.nearJSON + Data("}".utf8)
            do {
                _ = try await node.client.postPinned(path: "/v1/payments/channel", body: Array(body))
                Issue.record("a forged light-client head was accepted")
            } catch DCMLClientError.http(let status, let body) {
                #expect(status == 400 && body.contains("invalid_light_client_block"))
            }

            // After all that, the genuine proof still establishes the channel (the challenge was not used up).
            let genuine = await establish(good.outcome("provider_deposit_locked"))
            #expect(genuine.0 == 200)
        }
    }
}
