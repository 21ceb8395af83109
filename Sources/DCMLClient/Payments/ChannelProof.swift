#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

/// A light-client proof of one receipt's outcome, made for a node's light client: the
/// `next_light_client_block`s that take the node from its head to a newer final block, and the
/// `light_client_proof` of the receipt against that block. The node validates both (signatures,
/// Merkle paths); nothing here needs trusting. The body of `POST /v1/payments/channel` (the
/// `provider_deposit_locked` receipt) and `POST /v1/payments/answer_force_close` (the
/// `force_close_started` receipt).
public struct ChannelProof: Sendable, Encodable {
    public let outcomeProof: LightClientExecutionProof
    /// Oldest first; empty when the node's head already covers the receipt.
    public let blocks: [LightClientBlock]

    private enum CodingKeys: String, CodingKey {
        case outcomeProof = "outcome_proof", blocks = "light_client_head"
    }

    public init(outcomeProof: LightClientExecutionProof, blocks: [LightClientBlock]) {
        self.outcomeProof = outcomeProof
        self.blocks = blocks
    }

    /// The JSON body the node's proof endpoints take.
    public var requestBody: [UInt8] {
        // Encoding plain NEAR structures into JSON cannot fail.
        Array(try! JSONEncoder().encode(self))
    }

    /// Follows the chain from `head` (the node's light-client head) to the newest final block,
    /// and proves `outcome` against it; while the outcome is not yet before a final block,
    /// tries again every `poll` until `wait` has passed.
    public static func fetch(
        _ outcome: OutcomeID, from head: CryptoHash, rpc: NearRPCClient,
        wait: Duration = .seconds(20), poll: Duration = .milliseconds(100)
    ) async throws -> ChannelProof {
        let deadline = ContinuousClock.now + wait
        var blocks: [LightClientBlock] = []
        var last = head
        while true {
            // Some nodes answer with the head itself when nothing is newer.
            while let next = try await rpc.nextLightClientBlock(after: last), next.hash != last {
                blocks.append(next)
                last = next.hash
            }
            do {
                return ChannelProof(outcomeProof: try await rpc.lightClientProof(outcome, head: last), blocks: blocks)
            } catch let error as NearRPCClientError where NearProver.notYetProvable(error) {
                guard ContinuousClock.now < deadline else {
                    throw NearProofError.notYetProvable(outcome.id, headHeight: blocks.last?.innerLite.height ?? 0, waited: wait)
                }
                try await Task.sleep(for: poll)
            }
        }
    }
}
