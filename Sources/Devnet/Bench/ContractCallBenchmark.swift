#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

/// Contract calls committed per second (issue 7's number): signed `increment` calls to the
/// counter from several accounts, blocks on demand, with everything the chain does per call
/// timed (signature check, wasm execution with gas metering, storage writes, one SQLite
/// transaction per block); signing by the clients is not.
public struct ContractCallBenchmark: Sendable {
    /// The counter's wasm (`dcml contracts build counter`).
    public var code: [UInt8]
    public var calls: Int
    public var perBlock: Int

    public init(code: [UInt8], calls: Int, perBlock: Int) {
        self.code = code
        self.calls = calls
        self.perBlock = perBlock
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var calls: Int
        public var blocks: Int
        public var seconds: Double
        public var finalCount: UInt64

        public var callsPerSecond: Double { Double(calls) / seconds }

        public var description: String {
            "committed counter increment calls: \(calls) in \(blocks) blocks, \(String(format: "%.3f", seconds)) s → \(String(format: "%.0f", callsPerSecond)) calls/s (counter at \(finalCount))"
        }
    }

    /// A call that did not succeed: the benchmark measures working calls only.
    public struct CallFailed: Error, CustomStringConvertible {
        public var description: String
    }

    public func run() async throws -> Report {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dcml-contract-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var (genesis, _) = Genesis.makeDefault(epochLength: 1000)
        let callers = (0..<8).map { _ in SecretKey.generate() }
        genesis.accounts = callers.enumerated().map { index, key in
            GenesisAccount(accountId: "caller\(index).near", amount: 1_000_000_000_000_000_000_000_000_000_000, keys: [key.publicKey])
        }
        let contract = "caller0.near"
        let chain = try Chain(directory: directory, genesis: genesis)
        let deploy = try Transaction(
            signerId: contract, publicKey: callers[0].publicKey, nonce: 1, receiverId: contract,
            blockHash: await chain.head.hash, actions: [.deployContract(code: code)]
        ).signed(with: callers[0])
        _ = try await chain.submit(deploy)
        try await chain.produceBlock()
        let blockHash = await chain.head.hash

        // Clients sign before the clock starts.
        let increment = Action.functionCall(FunctionCallAction(methodName: "increment", args: [], gas: 30_000_000_000_000, deposit: 0))
        var signed: [SignedTransaction] = []
        signed.reserveCapacity(calls)
        for index in 0..<calls {
            let caller = index % callers.count
            let tx = Transaction(
                signerId: "caller\(caller).near", publicKey: callers[caller].publicKey,
                nonce: UInt64(index / callers.count + (caller == 0 ? 2 : 1)), receiverId: contract, blockHash: blockHash,
                actions: [increment])
            signed.append(try tx.signed(with: callers[caller]))
        }

        let run = try await BlockCommitRun.commit(signed, perBlock: perBlock, on: chain) { executions, height in
            if let failed = executions.first(where: { if case .successValue = $0.status { false } else { true } }) {
                throw CallFailed(description: "increment failed in block \(height): \(failed.status)")
            }
        }
        let count = await chain.state.data[contract]?[Array("c".utf8)].map { bytes in
            bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
        } ?? 0
        return Report(calls: run.executions, blocks: run.blocks, seconds: run.seconds, finalCount: count)
    }
}
