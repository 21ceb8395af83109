import ArgumentParser
import DCMLClient
import Foundation

/// `dcml channel status [ID]`: the payer's stored channels; for one channel, also what the market
/// (`--rpc`) and the node say about it, side by side. A channel the market has settled is marked
/// closed in the store (a force close the provider answered ends on chain, not here).
struct ChannelStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show stored channels, and one channel as the store, the market and the node see it.")

    @Argument(help: "A channel id (default: list every stored channel).") var channel: UInt64?
    @Option(help: "The channel's market contract, when the id is stored for several.") var contract: String?
    @Option(help: "NEAR JSON-RPC URL, to show the market's record too.") var rpc: String?
    @OptionGroup var options: NodeExpectationOptions

    func run() async throws {
        let store = ChannelStore.standard()
        guard let channel else {
            let all = try store.all()
            if all.isEmpty { print("no channels in \(store.directory)") }
            for stored in all {
                print("\(stored.contractID) #\(stored.channel)  \(stored.state)  \(stored.nodeURL)  spent \(ChainIO.near(stored.spent)) of \(ChainIO.near(stored.facts.deposit))")
            }
            return
        }
        var stored = try ChannelIO.stored(channel, contract: contract, in: store)
        let totals = stored.totals
        print("""
            channel \(stored.channel) on \(stored.facts.domain) (\(stored.state))
              node:        \(stored.nodeURL) (compose \(stored.composeHash.prefix(16))…)
              payer:       \(stored.payerAccount), key file \(stored.keyFile)
              deposit:     \(ChainIO.near(stored.facts.deposit))
              store:       \(totals.promptTokens) prompt + \(totals.completionTokens) completion tokens, spent \(ChainIO.near(stored.spent)), \
            remaining \(ChainIO.near(stored.facts.deposit - stored.spent)), last nonce \(totals.nonce)\(totals.isUnsettled ? " (a response was lost: resynchronized on next use)" : "")
            """)
        if let rpc {
            let market = try MarketClient(rpc: try NearRPCClient(url: rpc), contractID: stored.contractID)
            switch try await market.channel(channel) {
            case .open(let view):
                let deadline = view.forceCloseDeadlineNs.map { ", force-close deadline \($0) ns" } ?? ""
                print("  market:      \(view.state.rawValue), user \(view.user), provider \(view.provider)\(deadline)")
            case .closed:
                print("  market:      closed (settled)")
                // Settled on chain by someone else (the provider's answer to a force close, a finalize).
                if stored.state != "closed" {
                    stored.state = "closed"
                    try store.save(stored)
                    print("  store:       marked closed")
                }
            case .unknown: print("  market:      no such channel")
            }
        }
        do {
            let client = try DCMLClient(url: stored.nodeURL, expectation: try options.expectation())
            try await client.verify()
            let account = try await client.channelAccount(channel)
            print("  node:        \(account.state.rawValue), spent \(ChainIO.near(account.spent)), last nonce \(account.lastNonce.map(String.init) ?? "-")")
        } catch {
            print("  node:        not reachable or not verified: \(error)")
        }
    }
}
