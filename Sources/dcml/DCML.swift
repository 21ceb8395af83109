import ArgumentParser

@main
struct DCML: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcml",
        abstract: "Decentralized confidential machine learning: node, verifier and tools.",
        subcommands: [
            NodeCommand.self,
            ModelCommand.self,
            AttestCommand.self,
            LightClientCommand.self,
            BenchCommand.self,
        ]
    )
}
