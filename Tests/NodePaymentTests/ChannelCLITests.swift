import Foundation
import NearLightClient
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The README's paid flow with the `dcml` binary only, against a devnet child process and a
/// paid `dcml node` child process: market setup, channel open and lock, a paid `dcml chat`,
/// `dcml channel status`, a cooperative close, and a force close the provider answers.
@Suite struct ChannelCLITests {
    @Test func paidChatAndEveryChannelCommandThroughTheCLI() async throws {
        let devnet = try DevnetProcess()
        defer { devnet.stop() }
        let work = devnet.directory.appendingPathComponent("cli")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let rpc = devnet.rpcURL
        let home = ["DCML_HOME": work.appendingPathComponent("alice-home").path]
        func key(_ name: String) -> String { work.appendingPathComponent("\(name).test.near.json").path }
        @discardableResult
        func dcml(_ arguments: [String], _ expected: String? = nil) throws -> String {
            let result = try DCMLProcess.run(arguments, environment: home)
            guard result.status == 0 else { throw CLIFailure("dcml \(arguments.joined(separator: " ")) exited \(result.status): \(result.output)") }
            if let expected, !result.output.contains(expected) { throw CLIFailure("dcml \(arguments.first ?? "") printed no `\(expected)`: \(result.output)") }
            return result.output
        }

        let funded = devnet.directory.appendingPathComponent("test.near.json").path
        for name in ["market", "charlie", "bob", "alice"] {
            try dcml(["account", "create", "\(name).test.near", "--rpc", rpc, "--signer", "test.near", "--key-file", funded, "--amount", "5", "--out", key(name)])
        }
        try dcml(["contracts", "deploy", "model_market", "--contracts", MarketWasm.contractsDirectory.path, "--rpc", rpc,
                  "--account", "market.test.near", "--key-file", key("market")], "deployed model_market")
        try dcml(["market", "init", "--contract", "market.test.near", "--chain-id", "dcml-devnet", "--challenge-period", "30", "--rpc", rpc, "--key", key("market")])
        let modelHash = try dcml(["model", "hash", try DefaultModelFixture.path(), "--quiet"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try dcml(["market", "register-model", "--contract", "market.test.near", "--rpc", rpc, "--key", key("charlie"), "--model-id", "charlie/smollm2",
                  "--model-pk", String(repeating: "ab", count: 32), "--model-hash", modelHash, "--price-prompt", "0.001", "--price-completion", "0.003"],
                 "registered model charlie/smollm2")

        let port = try Self.freePort()
        let node = "https://127.0.0.1:\(port)"
        let nodeLog = work.appendingPathComponent("node.log")
        let server = try DCMLProcess.start([
            "node", "--port", "\(port)", "--context-length", "512", "--threads", "1", "--market", "market.test.near", "--market-chain", "dcml-devnet",
            "--market-model", "charlie/smollm2", "--rpc", rpc, "--insecure-trust-devnet-genesis",
            "--ledger-dir", work.appendingPathComponent("ledgers").path, "--counter-dir", work.appendingPathComponent("counters").path,
        ], log: nodeLog)
        defer { server.terminate() }
        try await Self.waitFor("serving", in: nodeLog)

        try dcml(["market", "register-provider", "--contract", "market.test.near", "--rpc", rpc, "--key", key("bob"), "--model-id", "charlie/smollm2",
                  "--node", node, "--allow-simulated", "--fee", "0.0005"], "registered bob.test.near as a provider")

        // Alice opens (and waits for the node to establish the channel) while Bob locks his deposit.
        func open(_ channel: Int) async throws {
            let openLog = work.appendingPathComponent("open-\(channel).log")
            let opening = try DCMLProcess.start(["channel", "open", "--node", node, "--provider", "bob.test.near", "--deposit", "0.1",
                                                 "--key", key("alice"), "--rpc", rpc, "--allow-simulated"], log: openLog, environment: home)
            try await Self.waitFor("waiting up to", in: openLog)
            try dcml(["channel", "lock", "\(channel)", "--node", node, "--key", key("bob"), "--rpc", rpc, "--allow-simulated"], "established channel \(channel)")
            opening.waitUntilExit()
            let output = try String(contentsOf: openLog, encoding: .utf8)
            guard opening.terminationStatus == 0, output.contains("channel \(channel) is open on \(node)") else {
                throw CLIFailure("channel open \(channel) exited \(opening.terminationStatus): \(output)")
            }
        }
        try await open(0)

        let chat = try dcml(["chat", node, "--allow-simulated", "--max-tokens", "2", "--temperature", "0", "--prompt", "Hi"], "[paid ")
        #expect(chat.contains("channel 0: spent") && chat.contains("[signed by the attested key"))
        let status = try dcml(["channel", "status", "0", "--rpc", rpc, "--allow-simulated"])
        #expect(status.contains("market:      active") && status.contains("node:        open"), "\(status)")
        let closed = try dcml(["channel", "close", "0", "--rpc", rpc, "--allow-simulated"], "closure:     cooperative")
        #expect(closed.contains("paid:        user"))

        // A second channel: Alice force-closes, Bob's node answers through `dcml channel answer`.
        try await open(1)
        let forced = try dcml(["channel", "force-close", "1", "--rpc", rpc], "force-closing channel 1: closing")
        let transaction = try #require(forced.components(separatedBy: "transaction: ").dropFirst().first?.prefix { !$0.isWhitespace })
        try dcml(["channel", "answer", "1", "--tx", String(transaction), "--sender", "alice.test.near", "--node", node,
                  "--key", key("bob"), "--rpc", rpc, "--allow-simulated"], "closure:     answered")
        // The store learns of the settlement from the market.
        try dcml(["channel", "status", "1", "--rpc", rpc, "--allow-simulated"], "store:       marked closed")
        let list = try dcml(["channel", "status"])
        #expect(list.contains("#0  closed") && list.contains("#1  closed"), "\(list)")
    }

    /// Waits until `log` contains `text` (a child process's progress).
    static func waitFor(_ text: String, in log: URL, timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let content = try? String(contentsOf: log, encoding: .utf8), content.contains(text) { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw CLIFailure("`\(text)` did not appear in \(log.path) within \(timeout): \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    /// A loopback port nothing listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CLIFailure("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw CLIFailure("binding a free port failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct CLIFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
