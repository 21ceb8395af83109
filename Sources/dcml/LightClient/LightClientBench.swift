import ArgumentParser
import Foundation
import NearLightClient

/// `dcml lightclient bench PROOF.json`: single-core light_client_proof verification rate.
/// A developer tool; it never runs inside the node.
struct LightClientBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure light_client_proof verifications per second on one core."
    )

    @Argument(help: "A light_client_proof result (JSON), e.g. shared/vectors/near/execution-proofs/proof2.json.")
    var proof: String

    @Option(help: "The head's block_merkle_root (hex or base58); default: the root the proof itself leads to.")
    var blockMerkleRoot: String?

    @Option(help: "Seconds to run each measurement.")
    var seconds: Double = 2

    func run() async throws {
        let data = try LightClientIO.read(proof)
        let value = try LightClientIO.decode(LightClientExecutionProof.self, path: proof)
        let root = try blockMerkleRoot.map { try LightClientIO.hash($0, option: "--block-merkle-root") }
            ?? value.blockProof.computeRoot(leafHash: value.blockHeaderLite.hash)
        do { _ = try value.verify(blockMerkleRoot: root) } catch { throw LightClientIO.reject(error) }

        let verifyRate = try measure(seconds: seconds) { _ = try value.verify(blockMerkleRoot: root) }
        let fullRate = try measure(seconds: seconds) {
            _ = try NearRPC.decodeResult(LightClientExecutionProof.self, from: data).verify(blockMerkleRoot: root)
        }
        print("""
            light_client_proof verification, one core, \(proof):
              verify (decoded proof):    \(Int(verifyRate)) proofs/s (\(String(format: "%.2f", 1e6 / verifyRate)) µs each)
              JSON decode + verify:      \(Int(fullRate)) proofs/s (\(String(format: "%.2f", 1e6 / fullRate)) µs each)
            """)
    }

    /// Runs `body` in batches until `seconds` have passed; returns calls per second.
    private func measure(seconds: Double, _ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        for _ in 0..<100 { try body() }
        var calls = 0
        var batch = 64
        let start = clock.now
        var elapsed = Duration.zero
        while elapsed < .seconds(seconds) {
            for _ in 0..<batch { try body() }
            calls += batch
            batch = min(batch * 2, 65_536)
            elapsed = clock.now - start
        }
        let (s, attoseconds) = elapsed.components
        return Double(calls) / (Double(s) + Double(attoseconds) * 1e-18)
    }
}
