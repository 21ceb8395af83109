import ArgumentParser

/// Model files: installing the default model, model keys, sealing and hashing.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Install, hash, seal, unseal and seed models.",
        subcommands: [
            ModelFetchCommand.self, ModelKeygenCommand.self, ModelSealCommand.self, ModelInspectCommand.self,
            ModelUnsealCommand.self, ModelHashCommand.self, ModelSeedCommand.self,
        ])
}
