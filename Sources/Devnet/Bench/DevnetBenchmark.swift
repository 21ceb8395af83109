#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

/// The devnet's two performance numbers (issue 6): transfers committed per second with blocks
/// on demand (signature checks, execution, one SQLite transaction per block, all included;
/// signing by the clients is not), and the latency of `light_client_proof` over loopback HTTP.
public struct DevnetBenchmark: Sendable {
    public var transactions: Int
    public var perBlock: Int
    public var proofRequests: Int

    public init(transactions: Int, perBlock: Int, proofRequests: Int) {
        self.transactions = transactions
        self.perBlock = perBlock
        self.proofRequests = proofRequests
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var transfers: Int
        public var blocks: Int
        public var seconds: Double
        public var proofLatencies: [Double]

        public var transfersPerSecond: Double { Double(transfers) / seconds }
        func percentile(_ p: Double) -> Double {
            let sorted = proofLatencies.sorted()
            return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }

        public var description: String {
            """
            committed transfers: \(transfers) in \(blocks) blocks, \(String(format: "%.3f", seconds)) s → \(String(format: "%.0f", transfersPerSecond)) tx/s
            light_client_proof RPC (loopback, keep-alive, \(proofLatencies.count) requests): p50 \(String(format: "%.3f", percentile(0.5) * 1000)) ms, p90 \(String(format: "%.3f", percentile(0.9) * 1000)) ms, p99 \(String(format: "%.3f", percentile(0.99) * 1000)) ms
            """
        }
    }

    public func run() async throws -> Report {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dcml-devnet-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var (genesis, _) = Genesis.makeDefault(epochLength: 1000)
        let senders = (0..<8).map { _ in SecretKey.generate() }
        genesis.accounts = senders.enumerated().map { index, key in
            GenesisAccount(accountId: "sender\(index).near", amount: 1_000_000_000_000_000_000_000_000_000_000, keys: [key.publicKey])
        }
        let chain = try Chain(directory: directory, genesis: genesis)
        let blockHash = await chain.head.hash

        // Clients sign before the clock starts.
        var signed: [SignedTransaction] = []
        signed.reserveCapacity(transactions)
        for index in 0..<transactions {
            let sender = index % senders.count
            let tx = Transaction(
                signerId: "sender\(sender).near", publicKey: senders[sender].publicKey, nonce: UInt64(index / senders.count + 1),
                receiverId: "sender\((sender + 1) % senders.count).near", blockHash: blockHash, actions: [.transfer(deposit: 1)])
            signed.append(try tx.signed(with: senders[sender]))
        }

        let run = try await BlockCommitRun.commit(signed, perBlock: perBlock, on: chain)
        try await chain.produceBlocks(2)

        let latencies = try await proofLatencies(chain: chain, transactions: signed)
        return Report(transfers: run.executions, blocks: run.blocks, seconds: run.seconds, proofLatencies: latencies)
    }

    private func proofLatencies(chain: Chain, transactions: [SignedTransaction]) async throws -> [Double] {
        let server = DevnetServer(rpc: DevnetRPC(chain: chain), port: 0)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let serving = Task { try await server.application { portContinuation.yield($0) }.run() }
        defer { serving.cancel() }
        guard let port = await Self.first(of: ports) else { throw LoopbackHTTPClient.Failure(description: "server did not start") }
        let head = await chain.head.hash.base58
        let requests = (0..<proofRequests).map { index -> [UInt8] in
            let tx = transactions[(index &* 7919) % transactions.count]
            return Array(#"{"jsonrpc":"2.0","id":1,"method":"EXPERIMENTAL_light_client_proof","params":{"type":"transaction","transaction_hash":"\#(tx.hash.base58)","sender_id":"\#(tx.transaction.signerId)","light_client_head":"\#(head)"}}"#.utf8)
        }
        return try await Task.detached {
            var client = try LoopbackHTTPClient(port: port)
            defer { client.disconnect() }
            var latencies: [Double] = []
            latencies.reserveCapacity(requests.count)
            for (index, request) in requests.enumerated() {
                let start = ContinuousClock.now
                let body = try client.post(request)
                let elapsed = ContinuousClock.now - start
                if index == 0, !body.starts(with: Array(#"{"#.utf8)) || String(decoding: body, as: UTF8.self).contains("\"error\"") {
                    throw LoopbackHTTPClient.Failure(description: "proof request failed: \(String(decoding: body.prefix(300), as: UTF8.self))")
                }
                latencies.append(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
            }
            return latencies
        }.value
    }

    /// The first port the server reports. Read with for-await: a local AsyncStream iterator's
    /// `next()` in `proofLatencies` unbalanced the calling task's allocator under Swift 6.3.1
    /// ("freed pointer was not the last allocation" when a later benchmark returned).
    private static func first(of ports: AsyncStream<Int>) async -> Int? {
        for await port in ports { return port }
        return nil
    }
}
