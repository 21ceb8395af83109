import ArgumentParser
import DCMLClient
import Foundation
import NearLightClient

/// `dcml channel lock ID --node URL --key bob.json --rpc URL`: Bob's side of opening (§6): he
/// locks the same deposit D with `lock_provider_deposit`, then proves that receipt to his node
/// with the light client, and the node establishes the channel.
struct ChannelLockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "Provider: lock the deposit of a pending channel and prove it to the node.")

    @Argument(help: "The channel id (open_channel's result).") var channel: UInt64
    @Option(help: "The provider's paid node, https://HOST:PORT.") var node: String
    @OptionGroup var chain: ChannelChainOptions
    @OptionGroup var options: NodeExpectationOptions

    func run() async throws {
        let (client, attested) = try await ChannelIO.verifiedNode(node, options)
        let market = try ChannelIO.market(chain.rpc, contract: attested.contractID)
        var signer = try chain.signer()
        guard case .open(let view) = try await market.channel(channel) else { throw ChainCommandError("channel \(channel) is not open on \(attested.contractID)") }
        guard view.state == .pending else { throw ChainCommandError("channel \(channel) is \(view.state.rawValue); expected pending (opened, not yet locked)") }
        guard view.provider == signer.accountId else { throw ChainCommandError("channel \(channel) names provider \(view.provider), not \(signer.accountId)") }
        let head = try await client.lightClientHead()
        let locked = try await market.lockProviderDeposit(channel: channel, deposit: view.deposit, as: &signer)
        print("""
            locked \(ChainIO.near(view.deposit)) in channel \(channel)
              transaction: \(locked.outcome.transactionHash)
            """)
        let proof = try await market.proveReceipt(locked.receiptID, from: head.hash)
        let facts = try await client.establishChannel(proof)
        print("""
            the node established channel \(facts.channel) from a light-client proof of receipt \(locked.receiptID) (\(proof.blocks.count) new light-client block(s))
              payer key:   \(facts.payerKey)
              prices:      prompt \(facts.prices.creatorPerThousandPromptTokens), completion \(facts.prices.creatorPerThousandCompletionTokens), fee \(facts.prices.providerPerThousandTokens) yocto per 1k tokens
            """)
    }
}
