@testable import DCMLClient
import Foundation
import NearLightClient
@testable import Node
import Payments
import Testing

/// The whole of §6 against the devnet: the model market deployed from Contracts/, the channel
/// opened and funded by real transactions, the node establishing it from the devnet's
/// `light_client_proof` of the `lock_provider_deposit` receipt (its light client following the
/// devnet's `next_light_client_block`s from block 0), paid completions, and the node's closure
/// approval accepted by the contract's `close_cooperative`.
///
/// Disabled: with the devnet's WasmKit runtime in the same process, the node's first RA-TLS
/// request after the contract ran crashes the process (bad pointer dereference, a corrupted
/// stack; WasmKit installs a process-wide SIGSEGV handler for its bounds checks, TrapGuard.c).
/// Everything before it passes (deploy, registrations). Enable once the devnet runs out of
/// process here (DevnetServer in a child process, driven over JSON-RPC) or WasmKit's guard is
/// fixed.
@Suite(.disabled("crashes the test process: WasmKit in-process, then RA-TLS (see the comment)"))
struct DevnetChannelTests {
    @Test func channelOpenedOnTheDevnetIsServedAndClosedWithTheNodesApproval() async throws {
        let devnet = try await MarketDevnet()
        defer { devnet.remove() }
        let deployment = PaidDeployment(contractID: MarketDevnet.contract, chainID: "dcml-devnet", modelID: "charlie/tiny")
        let state = try await PaidNodeState.make(deployment: deployment, trustedHead: try await devnet.trustedHead())
        defer { try? FileManager.default.removeItem(atPath: state.directory) }
        let payer = SecretKey.generate()
        let deposit: UInt128 = MarketDevnet.oneNear / 10

        let (approval, spent) = try await PaidNode.with(state) { node in
            try await devnet.deployMarket()
            // Charlie registers the model, Bob his node's attested key; Alice opens with the node's challenge; Bob locks.
            try await devnet.call("register_model", #"{"model_id":"charlie/tiny","model_pk":"\#(String(repeating: "aa", count: 32))","#
                + #""model_hash":"\#(String(repeating: "bb", count: 32))","price_prompt_per_1k":"1000000000000000000","#
                + #""price_completion_per_1k":"3000000000000000000"}"#, deposit: MarketDevnet.oneNear)
            try await devnet.call("register_provider", #"{"model_id":"charlie/tiny","signing_public_key":"\#(Hex.encode(state.signingKey))","#
                + #""fee_per_1k":"500000000000000000"}"#, deposit: MarketDevnet.oneNear)
            let offer = try await PaidSession.offer(from: node.client)
            let opened = try await devnet.call("open_channel", #"{"model_id":"charlie/tiny","provider":"test.near","#
                + #""challenge":"\#(offer.challenge)","payer_key":"\#(Hex.encode(payer.publicKey.bytes))"}"#, deposit: deposit)
            guard case .successValue(let id) = opened.execution.status, let channel = UInt64(String(decoding: id, as: UTF8.self)) else {
                throw DevnetFailure("open_channel returned \(opened.execution.status)")
            }
            let locked = try await devnet.call("lock_provider_deposit", #"{"channel_id":\#(channel)}"#, deposit: deposit)

            let head = try CryptoHash(base58: offer.headHash)
            let (proof, blocks) = try await devnet.proof(ofReceipt: locked.execution.receiptId, from: head)
            let session = try await PaidSession.establish(with: node.client, outcomeProof: proof.nearJSON, lightClientHead: blocks.nearJSON, payerKey: payer)
            #expect(session.facts.channel == channel)
            #expect(session.facts.deposit == deposit)

            let answer = try await session.chat(messages: PaidCompletionTests.hello, maxTokens: 3)
            #expect(answer.spent == (try session.facts.prices.cost(promptTokens: answer.promptTokens, completionTokens: answer.completionTokens).total))
            return (try await session.close(), answer.spent)
        }

        // The contract checks the approval with ed25519_verify over its own rendering of the text and pays out.
        let closed = try await devnet.call("close_cooperative", String(decoding: approval.contractArguments, as: UTF8.self))
        guard case .successValue(let settlement) = closed.execution.status else { throw DevnetFailure("close_cooperative returned \(closed.execution.status)") }
        let text = String(decoding: settlement, as: UTF8.self)
        #expect(text.contains(#""state":"closed""#))
        #expect(text.contains(#""kind":"cooperative""#))
        #expect(text.contains(#""spent":"\#(spent)""#))
        #expect(text.contains(#""paid_user":"\#(deposit - spent)""#))
    }
}
