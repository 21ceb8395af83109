import ArgumentParser
import DCMLClient
import Foundation
import NearLightClient

/// `dcml channel answer ID --tx HASH --sender ALICE --node URL --key bob.json --rpc URL`: Bob's
/// answer to a force close (§6): a light-client proof of the `force_close_started` receipt of
/// Alice's transaction makes his node sign what it charged, which `answer_force_close` settles
/// before the deadline.
struct ChannelAnswerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "Provider: answer a force close with the node's approval (answer_force_close).")

    @Argument(help: "The channel id.") var channel: UInt64
    @Option(help: "The force_close transaction's hash (base58).") var tx: String
    @Option(help: "The force_close transaction's signer (the channel's user).") var sender: String
    @Option(help: "The provider's paid node, https://HOST:PORT.") var node: String
    @OptionGroup var chain: ChannelChainOptions
    @OptionGroup var options: NodeExpectationOptions

    func run() async throws {
        guard let hash = try? CryptoHash(base58: tx) else { throw ValidationError("--tx \(tx) is not a transaction hash: expected 32 bytes in base58") }
        let (client, attested) = try await ChannelIO.verifiedNode(node, options)
        let market = try ChannelIO.market(chain.rpc, contract: attested.contractID)
        var signer = try chain.signer()
        let outcome = try await market.rpc.txStatus(hash, sender: sender)
        // The receipt that ran force_close on the market, and logged force_close_started.
        guard let receipt = outcome.receiptsOutcome.first(where: {
            $0.outcome.executorId == attested.contractID && $0.outcome.logs.contains { $0.contains("\"force_close_started\"") }
        }) else { throw ChainCommandError("transaction \(tx) ran no force_close on \(attested.contractID)") }
        let head = try await client.lightClientHead()
        let proof = try await market.proveReceipt(receipt.id, from: head.hash)
        let approval = try await client.answerForceClose(proof)
        guard approval.terms.channel == channel else {
            throw ChainCommandError("transaction \(tx) force-closed channel \(approval.terms.channel), not \(channel)")
        }
        let answered = try await market.answerForceClose(approval, as: &signer)
        ChannelIO.printSettlement(answered, what: "answered")
    }
}
