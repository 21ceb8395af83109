import ArgumentParser
import Foundation
import NearLightClient

/// `dcml lightclient verify-block --head HEAD.json --next NEXT.json`
struct LightClientVerifyBlock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-block",
        abstract: "Validate a saved next_light_client_block result against a trusted head.",
        discussion: """
            Both files are next_light_client_block results (bare, in a JSON-RPC envelope, or as \
            {last_block_hash, body}). The head is trusted; its next_bps are the block producers of \
            its next epoch. Checks height, epoch, next_bps presence, every approval signature, \
            approved stake > 2/3 of total, and the next_bps hash. Prints total and approved stake; \
            exits 0 only when valid.
            """
    )

    @Option(help: "The trusted head: a next_light_client_block result (JSON).")
    var head: String

    @Option(help: "The block to validate: a next_light_client_block result (JSON).")
    var next: String

    func run() async throws {
        let headBlock = try LightClientIO.decode(LightClientBlock.self, path: head)
        let nextBlock = try LightClientIO.decode(LightClientBlock.self, path: next)
        let state = LightClientState(trusting: headBlock)
        let result: BlockValidation
        do {
            result = try state.validate(nextBlock)
        } catch {
            throw LightClientIO.reject(error)
        }
        print("""
            VALID next_light_client_block
              head:           height \(headBlock.innerLite.height), hash \(state.headHash)
              block:          height \(result.height), hash \(result.blockHash)
              epoch:          \(result.epochId)
              total stake:    \(result.totalStake)
              approved stake: \(result.approvedStake) (\(result.approvals) approvals, > 2/3 of total)
              next_bps:       \(result.checkedNextBlockProducers ? "present, hash matches next_bp_hash" : "absent")
            """)
    }
}
