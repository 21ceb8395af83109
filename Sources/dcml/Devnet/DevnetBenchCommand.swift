import ArgumentParser
import ContractTooling
import Devnet
import Foundation

/// `dcml devnet bench`: committed transfer throughput in on-demand mode, proof RPC latency, and
/// committed contract calls (the counter's `increment`, built from `Contracts/`).
struct DevnetBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure committed transfers/s and contract calls/s (on-demand blocks) and light_client_proof RPC latency on loopback."
    )

    enum Measure: String, ExpressibleByArgument, CaseIterable {
        case all, transfers, calls
    }

    @Option(help: "What to measure: all, transfers (with proof latency) or calls (contract calls).")
    var measure: Measure = .all

    @Option(help: "Transfers to commit.")
    var transactions: Int = 20_000

    @Option(help: "Transfers per block.")
    var perBlock: Int = 5_000

    @Option(help: "light_client_proof requests to time.")
    var proofRequests: Int = 2_000

    @Option(help: "Counter increment calls to commit.")
    var calls: Int = 4_000

    @Option(help: "Contract calls per block.")
    var callsPerBlock: Int = 1_000

    @Option(help: "Contracts folder the counter is built from (needs the toolchain's wasm support).")
    var contracts: String = "Contracts"

    func run() async throws {
        if measure != .calls {
            let report = try await DevnetBenchmark(transactions: transactions, perBlock: perBlock, proofRequests: proofRequests).run()
            print(report.description)
        }
        if measure != .transfers {
            let builder = ContractBuilder(contractsDirectory: URL(fileURLWithPath: contracts), toolchain: try ContractToolchain.locate())
            let code = try builder.build("counter").wasm
            let report = try await ContractCallBenchmark(code: code, calls: calls, perBlock: callsPerBlock).run()
            print(report.description)
        }
    }
}
