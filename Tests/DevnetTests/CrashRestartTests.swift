import Foundation
import NearLightClient
import Testing
@testable import Devnet

/// `dcml devnet` killed with SIGKILL under load loses no committed block and never shows a
/// half-applied one; it restarts on the same data and keeps going.
@Suite struct CrashRestartTests {
    /// The built CLI next to the test bundle: `dcml` (the project) or `devnet-cli` (a scratch
    /// package with the same `devnet` subcommand).
    static func binary() throws -> URL {
        if let override = ProcessInfo.processInfo.environment["DCML_BINARY"] { return URL(fileURLWithPath: override) }
        let buildDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for name in ["dcml", "devnet-cli"] {
            let candidate = buildDir.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw TestFailure("no dcml executable in \(buildDir.path); build it (swift build) before the tests")
    }

    /// Starts `dcml devnet` and returns it with the port it printed.
    static func start(data: URL, genesis: URL) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = ["devnet", "--genesis", genesis.path, "--data", data.path, "--port", "0", "--block-interval", "25"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let range = text.range(of: "listening on http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits), text[range.upperBound...].contains("\n") { return (process, port) }
            }
        }
        process.terminate()
        throw TestFailure("devnet did not report its port; output: \(text)")
    }

    @Test func killNineUnderLoadThenRestart() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("devnet-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (genesis, key) = Genesis.makeDefault(epochLength: 10)
        let genesisFile = dir.appendingPathComponent("genesis.json")
        try genesis.write(to: genesisFile)
        let data = dir.appendingPathComponent("data")

        var nonce: UInt64 = 0
        var acknowledged: [CryptoHash] = []
        for round in 0..<2 {
            let (process, port) = try Self.start(data: data, genesis: genesisFile)
            let rpc = RPCConnection(port: port)
            let status = try await rpc.json("status", "[]")
            let blockHash = try CryptoHash(base58: try require(status["result"]?["sync_info"]?["latest_block_hash"]?.string))
            // Load: batches of concurrent commits; kill -9 in the middle of one.
            let killAfter = Date().addingTimeInterval(round == 0 ? 0.8 : 1.3)
            var killed = false
            while !killed {
                let batch = try (0..<16).map { _ -> SignedTransaction in
                    nonce += 1
                    return try Transaction(signerId: "test.near", publicKey: key.publicKey, nonce: nonce, receiverId: "node\(nonce % 4).near",
                                           blockHash: blockHash, actions: [.transfer(deposit: UInt128(nonce))]).signed(with: key)
                }
                try await withThrowingTaskGroup(of: CryptoHash?.self) { group in
                    for tx in batch {
                        group.addTask {
                            guard let answer = try? await rpc.json("broadcast_tx_commit", #"["\#(tx.base64)"]"#, timeout: 3),
                                  answer["result"]?["status"] == .object(["SuccessValue": .string("")]) else { return nil }
                            return tx.hash
                        }
                    }
                    if Date() > killAfter {
                        try await Task.sleep(for: .milliseconds(Int.random(in: 0...30)))
                        kill(process.processIdentifier, SIGKILL)
                        killed = true
                    }
                    for try await hash in group { if let hash { acknowledged.append(hash) } }
                }
            }
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)

            // What the dead process left: whole blocks, linked, with state to match.
            let chain = try Chain(directory: data, genesis: nil)
            for hash in acknowledged {
                #expect(try await chain.transaction(hash) != nil, "acknowledged transaction \(hash) lost")
            }
            var burnt: UInt128 = 0
            var highestNonce: UInt64 = 0
            let head = await chain.head.height
            for height in 0...head {
                for (tx, e) in zip(try await chain.body(height: height)?.body.transactions ?? [], try await chain.body(height: height)?.body.executions ?? []) {
                    burnt += e.tokensBurnt
                    highestNonce = max(highestNonce, tx.transaction.nonce)
                }
            }
            let genesisTotal = genesis.accounts.reduce(UInt128(0)) { $0 + $1.amount } + genesis.validators.reduce(UInt128(0)) { $0 + $1.amount + $1.stake }
            #expect(await chain.state.totalBalance + burnt == genesisTotal, "state and blocks disagree after kill -9")
            #expect(await chain.state.accessKey("test.near", key.publicKey)?.nonce == highestNonce)
            #expect(acknowledged.count > 0)
            nonce = max(nonce, highestNonce)
        }

        // A clean restart serves the surviving chain and accepts the next nonce.
        let (process, port) = try Self.start(data: data, genesis: genesisFile)
        defer { process.terminate(); process.waitUntilExit() }
        let rpc = RPCConnection(port: port)
        let keyView = try await rpc.json("query", #"{"request_type":"view_access_key","finality":"final","account_id":"test.near","public_key":"\#(key.publicKey)"}"#)
        let current = try require(keyView["result"]?["nonce"]?.uint64)
        let status = try await rpc.json("status", "[]")
        let blockHash = try CryptoHash(base58: try require(status["result"]?["sync_info"]?["latest_block_hash"]?.string))
        let next = try Transaction(signerId: "test.near", publicKey: key.publicKey, nonce: current + 1, receiverId: "node0.near",
                                   blockHash: blockHash, actions: [.transfer(deposit: 1)]).signed(with: key)
        let answer = try await rpc.json("broadcast_tx_commit", #"["\#(next.base64)"]"#)
        #expect(answer["result"]?["status"] == .object(["SuccessValue": .string("")]))
    }
}
