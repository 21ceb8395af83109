import ArgumentParser

/// `dcml account …`: NEAR accounts on the devnet or on NEAR.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Create and inspect NEAR accounts (devnet or NEAR testnet/mainnet, by RPC URL).",
        subcommands: [AccountCreateCommand.self, AccountViewCommand.self]
    )
}
