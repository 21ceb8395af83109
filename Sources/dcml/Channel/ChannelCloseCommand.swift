import ArgumentParser
import DCMLClient
import Foundation

/// `dcml channel close ID --rpc URL`: the cooperative close (§6): the node's signed approval of
/// what it charged (`request_channel_closure`), checked against the payer's own totals, then
/// `close_cooperative` with it.
struct ChannelCloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close a channel with the node's approval (close_cooperative).")

    @Argument(help: "The channel id.") var channel: UInt64
    @Option(help: "The channel's market contract, when the id is stored for several.") var contract: String?
    @OptionGroup var chain: ChannelChainOptions
    @OptionGroup var options: NodeExpectationOptions

    func run() async throws {
        let store = ChannelStore.standard()
        let stored = try ChannelIO.stored(channel, contract: contract, in: store)
        let client = try DCMLClient(url: stored.nodeURL, expectation: try options.expectation())
        let session = try await PaidSession.stored(in: store, client: client, channel: channel, keyFile: chain.key)
        let approval = try await session.close()
        var signer = try chain.signer(storedKey: stored.keyFile, storedAccount: stored.payerAccount)
        let closed = try await ChannelIO.market(chain.rpc, contract: stored.contractID).closeCooperative(approval, as: &signer)
        var done = try store.load(contract: stored.contractID, channel: channel)
        done.state = "closed"
        try store.save(done)
        ChannelIO.printSettlement(closed, what: "closed")
    }
}
