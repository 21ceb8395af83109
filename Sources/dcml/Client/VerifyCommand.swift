import ArgumentParser
import Attestation
import DCMLClient
import Foundation
import ModelCache

/// `dcml verify https://HOST:PORT`: proves (or refuses) that the node is a genuine TEE running the
/// expected workload and model, and says plainly what was and was not proven. Exit 0 only when trusted.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a node: RA-TLS handshake, fresh attestation report, workload and model. Exit 0 only when trusted.")

    @Argument(help: "The node, https://HOST:PORT.") var url: String
    @OptionGroup var options: NodeExpectationOptions
    @Flag(help: "Print the result as JSON.") var json = false

    func run() async throws {
        do {
            let client = try DCMLClient(url: url, expectation: try options.expectation())
            let v = try await client.verify()
            if json {
                let d = try JSONSerialization.data(withJSONObject: v.jsonObject(), options: [.sortedKeys, .prettyPrinted])
                print(String(decoding: d, as: UTF8.self))
            } else {
                print("node \(url)")
                print(v.summary)
                print("compose hash  \(v.composeHash)")
                print("model hash    \(v.modelHash)")
                print("signing key   \(Hex.encode(v.signingPublicKey)) (ed25519)")
                print("TLS SPKI      \(Hex.encode(v.tlsSPKISHA256)) (sha256)")
                print("\nnext: dcml chat \(url)\(options.allowSimulated ? " --allow-simulated" : "") --expect-compose \(v.composeHash) --expect-model \(v.modelHash)")
            }
        } catch {
            if json {
                let d = try JSONSerialization.data(withJSONObject: ["trusted": false, "error": "\(error)"], options: [.sortedKeys])
                print(String(decoding: d, as: UTF8.self))
            } else {
                FileHandle.standardError.write(Data("REFUSED: \(error)\n".utf8))
            }
            throw ExitCode(1)
        }
    }
}

/// Options shared by `dcml verify` and `dcml chat`.
struct NodeExpectationOptions: ParsableArguments {
    @Option(help: "Expected compose hash (hex): the workload the node must run.") var expectCompose: String?
    @Option(help: "Expected model hash, modelH (hex).") var expectModel: String?
    @Flag(help: "Accept the simulated TEE (results say SIMULATED; nothing is confidential).") var allowSimulated = false
    @Option(help: "Expected MRTD (hex).") var expectMrtd: String?
    @Option(help: "Collateral for real quotes: a QuoteCollateralV3 JSON file or a directory of Intel PCS responses.") var collateral: String?
    @Option(help: "Fetch collateral for real quotes from Intel PCS or a PCCS at this URL, cached under the DCML cache.") var pccs: String?

    func expectation() throws -> NodeExpectation {
        func hex(_ s: String?, _ name: String, _ count: Int) throws -> [UInt8]? {
            guard let s else { return nil }
            guard let b = Hex.decode(s), b.count == count else { throw ValidationError("\(name) \(s) is not \(count) bytes of hex") }
            return b
        }
        var source: (any CollateralSource)?
        if let collateral {
            source = try StaticCollateralSource(contentsOf: collateral)
        } else if let pccs {
            source = PCSCollateralSource.http(pccs, cacheDirectory: ModelCache.default.directory.appendingPathComponent("collateral"))
        }
        return NodeExpectation(
            allowSimulated: allowSimulated, composeHash: try hex(expectCompose, "--expect-compose", 32),
            modelHash: try hex(expectModel, "--expect-model", 32).map { Hex.encode($0) },
            measurements: try hex(expectMrtd, "--expect-mrtd", 48).map { MeasurementPolicy(mrTD: $0) }, collateral: source)
    }
}
