import ArgumentParser
import Devnet
import Foundation

/// `dcml devnet bench`: committed transfer throughput in on-demand mode and proof RPC latency.
struct DevnetBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure committed transfers/s (on-demand blocks) and light_client_proof RPC latency on loopback."
    )

    @Option(help: "Transfers to commit.")
    var transactions: Int = 20_000

    @Option(help: "Transfers per block.")
    var perBlock: Int = 5_000

    @Option(help: "light_client_proof requests to time.")
    var proofRequests: Int = 2_000

    func run() async throws {
        let report = try await DevnetBenchmark(transactions: transactions, perBlock: perBlock, proofRequests: proofRequests).run()
        print(report.description)
    }
}
