import ArgumentParser
import DCMLClient
import NearLightClient

/// `dcml tx …`: signed NEAR transactions.
struct TxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx",
        abstract: "Send NEAR transactions signed with a credentials file.",
        subcommands: [TxSendCommand.self]
    )
}

/// `dcml tx send --to ID --amount NEAR`: one Transfer, waited for.
struct TxSendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Transfer NEAR from the signer to another account.",
        discussion: """
            Example on NEAR testnet:
              dcml tx send --rpc https://rpc.testnet.near.org --signer alice.testnet \\
                --key-file ~/.near-credentials/testnet/alice.testnet.json --to bob.testnet --amount 0.5
            """
    )

    @OptionGroup var rpc: RPCOption

    @Option(help: "The paying account.")
    var signer: String

    @Option(help: "The signer's NEAR credentials file.")
    var keyFile: String

    @Option(help: "The receiving account.")
    var to: String

    @Option(help: "Amount in NEAR, e.g. 1.5 (exact, up to 24 decimals).")
    var amount: String?

    @Option(help: "Amount in yoctoNEAR (instead of --amount).")
    var yocto: String?

    func run() async throws {
        let deposit = try ChainIO.amount(near: amount, yocto: yocto)
        var sender = try ChainIO.signer(rpc: try rpc.client(), accountId: signer, keyFile: keyFile)
        let outcome = try await sender.transfer(deposit, to: to)
        try ChainIO.requireSuccess(outcome, "transfer to \(to)")
        print("""
            sent \(ChainIO.near(deposit)) from \(signer) to \(to)
              transaction: \(outcome.transactionHash)
              status:      \(outcome.status.summary)
              fee:         \(ChainIO.near(outcome.tokensBurnt)), \(outcome.gasBurnt) gas
            """)
    }
}
