import ArgumentParser
import DCMLClient
import Foundation

/// `dcml channel force-close ID --rpc URL [--finalize]`: Alice closes without the node (§6): the
/// challenge period T starts, in which the provider's node may answer with its approval; with
/// `--finalize` the command waits T out and finalizes (Alice gets D, the beneficiary Bob's D).
struct ChannelForceCloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "force-close",
        abstract: "Close a channel without the node (force_close); --finalize waits out the challenge period.")

    @Argument(help: "The channel id.") var channel: UInt64
    @Option(help: "The channel's market contract, when the id is stored for several.") var contract: String?
    @Flag(help: "Wait until the challenge period ends, then finalize_force_close.") var finalize = false
    @OptionGroup var chain: ChannelChainOptions

    func run() async throws {
        let store = ChannelStore.standard()
        var stored = try ChannelIO.stored(channel, contract: contract, in: store)
        let market = try ChannelIO.market(chain.rpc, contract: stored.contractID)
        var signer = try chain.signer(storedKey: stored.keyFile, storedAccount: stored.payerAccount)
        let started = try await market.forceClose(channel: channel, as: &signer)
        stored.state = "closing"
        try store.save(stored)
        ChannelIO.printSettlement(started, what: "force-closing")
        if let deadline = started.value.forceCloseDeadlineNs {
            print("  deadline:    \(deadline) ns; the provider answers with `dcml channel answer \(channel) --tx \(started.outcome.transactionHash) --sender \(signer.accountId) …`")
        }
        guard finalize, let deadline = started.value.forceCloseDeadlineNs else { return }
        let settled = try await ChannelFinalizeCommand.finalize(channel, deadlineNs: deadline, market: market, signer: &signer)
        stored.state = "closed"
        try store.save(stored)
        if let settled { ChannelIO.printSettlement(settled, what: "finalized") } else { print("channel \(channel) was settled before the deadline (the provider answered)") }
    }
}

/// `dcml channel finalize ID --rpc URL`: after an unanswered force close's deadline, anyone settles
/// it; a channel of the payer's own store is marked closed there.
struct ChannelFinalizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finalize",
        abstract: "Settle a force close nobody answered, once its challenge period is over.")

    @Argument(help: "The channel id.") var channel: UInt64
    @Option(help: "The market contract.") var contract: String
    @OptionGroup var chain: ChannelChainOptions

    func run() async throws {
        let market = try ChannelIO.market(chain.rpc, contract: contract)
        var signer = try chain.signer()
        guard case .open(let view) = try await market.channel(channel), let deadline = view.forceCloseDeadlineNs else {
            throw ChainCommandError("channel \(channel) is not force-closing on \(contract)")
        }
        let settled = try await Self.finalize(channel, deadlineNs: deadline, market: market, signer: &signer)
        let store = ChannelStore.standard()
        if var stored = try? store.load(contract: contract, channel: channel) {
            stored.state = "closed"
            try store.save(stored)
        }
        guard let settled else {
            print("channel \(channel) was settled before the deadline (the provider answered)")
            return
        }
        ChannelIO.printSettlement(settled, what: "finalized")
    }

    /// Sleeps until the chain's time (block timestamps follow the wall clock) passes `deadlineNs`,
    /// then finalizes; nil when the channel was settled meanwhile.
    static func finalize(_ channel: UInt64, deadlineNs: UInt128, market: MarketClient, signer: inout NearSigner) async throws -> MarketReceipt<MarketChannelView>? {
        let now = UInt128(Date().timeIntervalSince1970 * 1e9)
        if deadlineNs > now {
            let wait = Double(deadlineNs - now) / 1e9
            FileHandle.standardError.write(Data("waiting \(String(format: "%.1f", wait)) s for the challenge period to end…\n".utf8))
            try await Task.sleep(for: .seconds(wait))
        }
        for _ in 0..<30 {
            guard case .open(let view) = try await market.channel(channel), view.state == .closing else { return nil }
            do { return try await market.finalizeForceClose(channel: channel, as: &signer) } catch MarketError.panicked(_, let message) where message.contains("challenge period") {
                try await Task.sleep(for: .seconds(1))  // the last block is still before the deadline
            }
        }
        throw ChainCommandError("finalize_force_close of channel \(channel) still refused 30 s after its deadline")
    }
}
