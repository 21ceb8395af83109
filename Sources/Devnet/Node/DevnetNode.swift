#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import Logging
import NearLightClient

/// The composition root `dcml devnet` and the tests share: a chain in a data directory, its
/// block producer and its JSON-RPC server.
///
/// ```swift
/// let node = try DevnetNode(directory: dir, genesis: genesis, production: .onDemand, port: 0)
/// try await node.run { port in print("listening on \(port)") }
/// ```
public struct DevnetNode: Sendable {
    public let chain: Chain
    public let production: BlockProduction
    public let server: DevnetServer

    public init(
        directory: URL, genesis: Genesis?, production: BlockProduction, host: String = "127.0.0.1", port: Int = 3030,
        contracts: any ContractRuntime = WasmContractRuntime(), logger: Logger = Logger(label: "dcml.devnet")
    ) throws {
        chain = try Chain(directory: directory, genesis: genesis, contracts: contracts)
        self.production = production
        server = DevnetServer(rpc: DevnetRPC(chain: chain), host: host, port: port, logger: logger)
    }

    /// Serves until cancelled (or, with `gracefulShutdown`, until SIGINT/SIGTERM).
    public func run(gracefulShutdown: Bool = false, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = server.application(onListening: onListening)
        let producer = BlockProducerLoop(chain: chain, mode: production)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await producer.run() }
            group.addTask {
                if gracefulShutdown { try await app.runService() } else { try await app.run() }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }
}
