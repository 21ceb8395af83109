import DCMLClient
import Devnet
import Foundation
import NearLightClient
import TestSupport

/// An in-process devnet (its default WasmKit contract runtime included) serving NEAR JSON-RPC on an
/// ephemeral loopback port, and the funded `test.near` key, for the duration of `body`.
struct ChainDevnet: Sendable {
    let url: String
    let directory: URL
    let testKey: KeyFile
    let node: DevnetNode

    var rpc: NearRPCClient { try! NearRPCClient(url: url) }

    func signer() throws -> NearSigner { try NearSigner(rpc: rpc, keyFile: testKey) }

    /// Writes `test.near`'s credentials where a command can read them.
    func writeTestKeyFile() throws -> String {
        let path = directory.appendingPathComponent("test.near.json")
        try JSONEncoder().encode(testKey).write(to: path)
        return path.path
    }

    static let oneNear: UInt128 = 1_000_000_000_000_000_000_000_000

    /// Blocks every `blockInterval` like a real chain, so finality and light-client heads move
    /// on by themselves; epochs of 5 blocks so the light client crosses epochs.
    static func run<T: Sendable>(
        blockInterval: Duration = .milliseconds(50), _ body: @Sendable (ChainDevnet) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chain-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (genesis, key) = Genesis.makeDefault(epochLength: 5)
        let node = try DevnetNode(
            directory: directory.appendingPathComponent("chain"), genesis: genesis, production: .interval(blockInterval), port: 0)
        let (ports, portSeen) = AsyncStream.makeStream(of: Int.self)
        let serving = Task { try await node.run { portSeen.yield($0) } }
        defer { serving.cancel() }
        guard let port = await ports.first() else { throw ChainTestFailure("devnet did not report its port") }
        let devnet = ChainDevnet(
            url: "http://127.0.0.1:\(port)", directory: directory,
            testKey: KeyFile(accountId: genesis.accounts[0].accountId, secretKey: key), node: node)
        return try await body(devnet)
    }
}

struct ChainTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
