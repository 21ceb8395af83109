import ArgumentParser
import Devnet
import Foundation
import NearLightClient

/// `dcml devnet`: an embedded NEAR-compatible chain with NEAR's JSON-RPC (DESIGN.md, "The devnet").
/// A developer tool; never part of the node.
struct DevnetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devnet",
        abstract: "Run a local NEAR-compatible chain (NEAR transactions, contract wasm on WasmKit, JSON-RPC, light-client proofs).",
        subcommands: [DevnetBenchCommand.self]
    )

    @Option(help: "Genesis JSON (accounts, keys, balances, producers). Default: the data directory's own, or a new one with a funded test account.")
    var genesis: String?

    @Option(help: "Data directory (SQLite chain database, generated genesis and keys).")
    var data: String = "devnet-data"

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "JSON-RPC port (0 picks a free one).")
    var port: Int = 3030

    @Option(help: "Milliseconds between blocks; 0 produces a block as soon as transactions arrive.")
    var blockInterval: Int = 1000

    func run() async throws {
        let directory = URL(fileURLWithPath: data)
        var initial: Genesis?
        if let genesis {
            initial = try Genesis.load(from: URL(fileURLWithPath: genesis))
        } else if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("chain.sqlite").path) {
            let (generated, key) = Genesis.makeDefault()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try generated.write(to: directory.appendingPathComponent("genesis.json"))
            let keyFile = KeyFile(accountId: generated.accounts[0].accountId, secretKey: key)
            let keyPath = directory.appendingPathComponent("\(keyFile.accountId).json")
            try JSONEncoder().encode(keyFile).write(to: keyPath, options: .atomic)
            devnetPrint("new devnet: genesis written to \(directory.appendingPathComponent("genesis.json").path)")
            devnetPrint("test account \(keyFile.accountId): public key \(key.publicKey)")
            devnetPrint("  secret key \(key.nearString) (also in \(keyPath.path))")
            initial = generated
        }
        let production: BlockProduction = blockInterval > 0 ? .interval(.milliseconds(blockInterval)) : .onDemand
        let node = try DevnetNode(directory: directory, genesis: initial, production: production, host: host, port: port)
        let head = await node.chain.head
        devnetPrint("chain \(node.chain.genesis.chainId) at height \(head.height) (\(head.hash))")
        try await node.run(gracefulShutdown: true) { port in
            devnetPrint("devnet listening on http://\(host):\(port)")
        }
    }
}

/// Writes a line straight to stdout (unbuffered), so a parent reading a pipe sees it at once.
func devnetPrint(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
