import ArgumentParser

@main
struct DCML: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcml",
        abstract: "Decentralized confidential machine learning: node, verifier and tools.",
        subcommands: [
            NodeCommand.self,
            VerifyCommand.self,
            ChatCommand.self,
            PayProxyCommand.self,
            ChannelCommand.self,
            MarketCommand.self,
            ModelCommand.self,
            AttestCommand.self,
            LightClientCommand.self,
            DevnetCommand.self,
            ContractsCommand.self,
            AccountCommand.self,
            TxCommand.self,
            ProofCommand.self,
            BenchCommand.self,
        ]
    )
}
