import DCMLClient
import Foundation
import NearLightClient
import Testing

/// The chain commands of the built `dcml` binary against an in-process devnet.
@Suite struct ChainCommandTests {
    @Test func accountCreateThenViewShowsTheBalance() async throws {
        try await ChainDevnet.run { devnet in
            let keyFile = try devnet.writeTestKeyFile()
            let out = devnet.directory.appendingPathComponent("keys/alice.test.near.json").path
            let created = try await dcml(["account", "create", "alice.test.near", "--rpc", devnet.url, "--signer", "test.near",
                                         "--key-file", keyFile, "--amount", "2.25", "--out", out])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("created alice.test.near with 2.25 NEAR (2250000000000000000000000 yocto)"))
            let saved = try JSONDecoder().decode(KeyFile.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
            #expect(saved.accountId == "alice.test.near")
            #expect(!created.stdout.contains(saved.secretKey.nearString), "the private key must never be printed")
            #expect(created.stdout.contains(saved.publicKey.description))
            let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            let view = try await dcml(["account", "view", "alice.test.near", "--rpc", devnet.url, "--json"])
            #expect(view.status == 0, "\(view.stderr)")
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(view.stdout.utf8))
            guard case .object(let fields) = json, case .array(let keys)? = fields["keys"] else { throw ChainTestFailure("view: \(view.stdout)") }
            #expect(fields["amount"] == .string("2250000000000000000000000"))
            #expect(keys.count == 1)
            let text = try await dcml(["account", "view", "alice.test.near", "--rpc", devnet.url])
            #expect(text.stdout.contains("balance:   2.25 NEAR (2250000000000000000000000 yocto)"))

            let again = try await dcml(["account", "create", "alice.test.near", "--rpc", devnet.url, "--signer", "test.near",
                                       "--key-file", keyFile, "--out", out])
            #expect(again.status != 0)
            #expect(again.stderr.contains("refusing to overwrite"), "\(again.stderr)")
        }
    }

    @Test func txSendMovesExactlyTheAmountPlusFee() async throws {
        try await ChainDevnet.run { devnet in
            let keyFile = try devnet.writeTestKeyFile()
            let before = try await devnet.rpc.viewAccount("test.near").amount
            let receiverBefore = try await devnet.rpc.viewAccount("node1.near").amount
            let sent = try await dcml(["tx", "send", "--rpc", devnet.url, "--signer", "test.near", "--key-file", keyFile,
                                      "--to", "node1.near", "--amount", "1.000000000000000000000007"])
            #expect(sent.status == 0, "\(sent.stderr)")
            let hash = try #require(sent.stdout.firstMatch(of: /transaction: (\w+)/)).1
            let outcome = try await devnet.rpc.txStatus(try CryptoHash(base58: String(hash)), sender: "test.near")
            let amount = ChainDevnet.oneNear + 7
            #expect(try await devnet.rpc.viewAccount("test.near", at: .optimistic).amount == before - amount - outcome.tokensBurnt)
            #expect(try await devnet.rpc.viewAccount("node1.near", at: .optimistic).amount == receiverBefore + amount)

            let yocto = try await dcml(["tx", "send", "--rpc", devnet.url, "--signer", "test.near", "--key-file", keyFile,
                                       "--to", "node1.near", "--yocto", "5"])
            #expect(yocto.status == 0, "\(yocto.stderr)")
            #expect(yocto.stdout.contains("sent 0.000000000000000000000005 NEAR (5 yocto)"))

            let bad = try await dcml(["tx", "send", "--rpc", devnet.url, "--signer", "test.near", "--key-file", keyFile,
                                     "--to", "node1.near", "--amount", "1.5e3"])
            #expect(bad.status != 0)
            let broke = try await dcml(["tx", "send", "--rpc", devnet.url, "--signer", "test.near", "--key-file", keyFile,
                                       "--to", "node1.near", "--amount", "2000000000"])
            #expect(broke.status != 0)
            #expect(broke.stderr.split(separator: "\n").count == 1, "\(broke.stderr)")
            #expect(broke.stderr.contains("INVALID_TRANSACTION") && broke.stderr.contains("NotEnoughBalance"), "\(broke.stderr)")
        }
    }

    @Test func proofTxVerifiesAndALyingNodeIsCaught() async throws {
        try await ChainDevnet.run { devnet in
            var signer = try devnet.signer()
            let sent = try await signer.transfer(3, to: "node2.near")
            let hash = sent.transactionHash.base58
            let proven = try await dcml(["proof", "tx", hash, "--sender", "test.near", "--rpc", devnet.url])
            #expect(proven.status == 0, "\(proven.stderr)")
            #expect(proven.stdout.contains("PROVEN transaction \(hash)"))
            #expect(proven.stdout.contains("executor: node2.near"))
            let json = try await dcml(["proof", "tx", hash, "--sender", "test.near", "--rpc", devnet.url, "--json"])
            #expect(json.status == 0, "\(json.stderr)")
            #expect(json.stdout.contains(#""verified" : true"#))

            try await LyingNode.run(in: devnet.node) { liar in
                let caught = try await dcml(["proof", "tx", hash, "--sender", "test.near", "--rpc", liar])
                #expect(caught.status == 1)
                #expect(caught.stdout.isEmpty)
                #expect(caught.stderr.hasPrefix("INVALID: proof of \(hash): outcome root check failed"), "\(caught.stderr)")
                #expect(caught.stderr.split(separator: "\n").count == 1)
                var prover = try await NearProver.trustingGenesis(rpc: try NearRPCClient(url: liar))
                let error = await #expect(throws: NearProofError.self) { try await prover.proveTransaction(sent.transactionHash, sender: "test.near") }
                guard case .lightClient(_, .outcomeRootMismatch)? = error else { Issue.record("got \(String(describing: error))"); return }
            }
        }
    }

    @Test func deployCounterThenCallIt() async throws {
        try await ChainDevnet.run { devnet in
            let keyFile = try devnet.writeTestKeyFile()
            let contracts = packageRoot.appendingPathComponent("Contracts").path
            let deployed = try await dcml(["contracts", "deploy", "counter", "--rpc", devnet.url, "--account", "test.near",
                                          "--key-file", keyFile, "--contracts", contracts])
            #expect(deployed.status == 0, "\(deployed.stderr)")
            let manifest = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: contracts + "/manifest.json")))
            guard case .object(let m) = manifest, case .object(let all)? = m["contracts"], case .object(let counter)? = all["counter"],
                  case .string(let sha256)? = counter["sha256"] else { throw ChainTestFailure("manifest has no counter sha256") }
            #expect(deployed.stdout.contains("sha256 \(sha256)"))
            #expect(try await devnet.rpc.viewAccount("test.near", at: .optimistic).codeHash.hex == sha256)

            var signer = try devnet.signer()
            let incremented = try await signer.functionCall("test.near", method: "increment", args: Array(#"{"by":3}"#.utf8))
            #expect(incremented.status == .successValue(Array("3".utf8)), "\(incremented.status.summary)")
            #expect(incremented.logs == ["incremented"])
            let count = try await devnet.rpc.callFunction("test.near", method: "get_count", at: .optimistic)
            #expect(count.text == "3")
            let state = try await devnet.rpc.viewState("test.near", prefix: Array("c".utf8), at: .optimistic)
            #expect(state.values.map(\.key) == [Array("c".utf8)])

            let tampered = devnet.directory.appendingPathComponent("other.wasm")
            try Data([0, 97, 115, 109, 1, 0, 0, 0]).write(to: tampered)
            let refused = try await dcml(["contracts", "deploy", "counter", "--rpc", devnet.url, "--account", "test.near",
                                         "--key-file", keyFile, "--contracts", contracts, "--wasm", tampered.path])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("expects \(sha256)"), "\(refused.stderr)")
        }
    }

    @Test func failuresAreOneLine() async throws {
        try await ChainDevnet.run { devnet in
            let missing = try await dcml(["account", "view", "nobody.near", "--rpc", devnet.url])
            #expect(missing.status != 0)
            #expect(missing.stderr == "Error: NEAR RPC query view_account failed: UNKNOWN_ACCOUNT in HANDLER_ERROR: account nobody.near does not exist while viewing\n")
            let noKey = try await dcml(["tx", "send", "--rpc", devnet.url, "--signer", "test.near", "--key-file", "/nonexistent.json",
                                       "--to", "node1.near", "--amount", "1"])
            #expect(noKey.status != 0)
            #expect(noKey.stderr.hasPrefix("Error: cannot read key file /nonexistent.json"), "\(noKey.stderr)")
        }
    }
}

/// The package root (three folders above this file).
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs the `dcml` built next to the test bundle and collects its exit status and output.
func dcml(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
    let binary = Bundle.main.bundleURL.appendingPathComponent("dcml")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        throw ChainTestFailure("no dcml binary at \(binary.path); build with --build-tests so the executable is built too")
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = FileManager.default.temporaryDirectory
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do { try process.run() } catch { continuation.resume(throwing: error) }
    }
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (status, stdout, stderr)
}
