import ArgumentParser
import Foundation
import NearLightClient

/// `dcml lightclient verify-proof PROOF.json --block-merkle-root HEX`
struct LightClientVerifyProof: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-proof",
        abstract: "Verify a saved light_client_proof result against a trusted head's block_merkle_root.",
        discussion: """
            PROOF.json is the result of NEAR's light_client_proof (EXPERIMENTAL_light_client_proof), \
            bare or inside a JSON-RPC envelope. Checks the outcome leaf, the outcome root in the \
            block header, the block hash and the block's path to the head's block_merkle_root. \
            Exits 0 only when every check passes; otherwise names the check that failed.
            """
    )

    @Argument(help: "A light_client_proof result (JSON).")
    var proof: String

    @Option(help: "The trusted light-client head's block_merkle_root (64 hex digits, or base58).")
    var blockMerkleRoot: String

    func run() async throws {
        let root = try LightClientIO.hash(blockMerkleRoot, option: "--block-merkle-root")
        let value = try LightClientIO.decode(LightClientExecutionProof.self, path: proof)
        let result: ProofVerification
        do {
            result = try value.verify(blockMerkleRoot: root)
        } catch {
            throw LightClientIO.reject(error)
        }
        print("""
            VALID light_client_proof
              outcome id:         \(value.outcomeProof.id)
              executor:           \(value.outcomeProof.outcome.executorId)
              outcome leaf:       \(result.outcomeLeaf)
              shard outcome root: \(result.shardOutcomeRoot)
              outcome root:       \(result.outcomeRoot)
              block hash:         \(result.blockHash)
              block height:       \(value.blockHeaderLite.innerLite.height)
              block_merkle_root:  \(result.blockMerkleRoot.hex)
            """)
    }
}
