import ArgumentParser

/// Benchmarks, each side by side with the peer its issue names, in one run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure DCML against its peers.",
        subcommands: [BenchEngineCommand.self, BenchBackendCommand.self, BenchSealCommand.self, BenchNodeCommand.self, BenchVouchersCommand.self])
}
