import ArgumentParser
import DCMLClient
import Foundation
import NearLightClient
import Payments

/// `dcml channel …`: the paper's payment channels (§6) from both ends. Alice opens, pays (through
/// `dcml chat` or `dcml pay-proxy`), closes or force-closes; Bob locks his deposit and answers a
/// force close; both prove what the chain did to the node with the light client.
struct ChannelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel",
        abstract: "Open, inspect and close payment channels with paid nodes.",
        subcommands: [
            ChannelOpenCommand.self, ChannelLockCommand.self, ChannelStatusCommand.self, ChannelCloseCommand.self,
            ChannelForceCloseCommand.self, ChannelAnswerCommand.self, ChannelFinalizeCommand.self,
        ]
    )
}

/// What the channel commands share: the chain, the signer's key file, the node's verification.
struct ChannelChainOptions: ParsableArguments {
    @OptionGroup var rpc: RPCOption

    @Option(help: "The signer's NEAR credentials file.")
    var key: String?

    @Option(help: "The signing account (default: the key file's account_id).")
    var account: String?

    /// A signer for `--account` (or the key file's account) with `--key` (or `storedKey`).
    func signer(storedKey: String? = nil, storedAccount: String? = nil) throws -> NearSigner {
        guard let path = key ?? storedKey else { throw ValidationError("give the signer's NEAR key file with --key") }
        let file = try ChainIO.keyFile(path)
        return try ChainIO.signer(rpc: try rpc.client(), accountId: account ?? storedAccount ?? file.accountId, keyFile: path)
    }
}

/// Helpers of the channel commands.
enum ChannelIO {
    /// A verified client of the node at `url` (its RA-TLS and attestation report checked).
    static func verifiedNode(_ url: String, _ options: NodeExpectationOptions) async throws -> (DCMLClient, AttestedMarket) {
        let client = try DCMLClient(url: url, expectation: try options.expectation())
        let verification = try await client.verify()
        guard let market = verification.market else {
            throw ChainCommandError("\(url) is not a paid node: its attested app-compose names no model market")
        }
        return (client, market)
    }

    /// The stored channel `id` (of `contract`, or of the only stored contract with such an id).
    static func stored(_ id: UInt64, contract: String?, in store: ChannelStore) throws -> StoredChannel {
        if let contract { return try store.load(contract: contract, channel: id) }
        let matches = try store.all().filter { $0.channel == id }
        guard matches.count <= 1 else {
            throw ChainCommandError("channel \(id) exists in several markets (\(matches.map(\.contractID).joined(separator: ", "))); choose one with --contract")
        }
        guard let only = matches.first else { throw ChainCommandError("no stored channel \(id) in \(store.directory); expected one opened with `dcml channel open`") }
        return only
    }

    static func market(_ rpc: RPCOption, contract: String) throws -> MarketClient {
        try MarketClient(rpc: try rpc.client(), contractID: contract)
    }

    /// The transaction and what the market paid out, for a closing call.
    static func printSettlement(_ receipt: MarketReceipt<MarketChannelView>, what: String) {
        print("\(what) channel \(receipt.value.channelID): \(receipt.value.state.rawValue)")
        print("  transaction: \(receipt.outcome.transactionHash)")
        guard let closure = receipt.value.closure else { return }
        print("""
              closure:     \(closure.kind.rawValue), spent \(ChainIO.near(closure.spent)), model share \(ChainIO.near(closure.modelShare)), nonce \(closure.nonce)
              paid:        user \(ChainIO.near(closure.paidUser)), provider \(ChainIO.near(closure.paidProvider)), beneficiary \(ChainIO.near(closure.paidBeneficiary))
            """)
    }
}
