import ArgumentParser

/// Model files: installing the default model now; sealing and hashing join here.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Install and inspect models.",
        subcommands: [ModelFetchCommand.self])
}
