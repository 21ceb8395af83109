import NearLightClient

/// The node's view of the chain: a NEAR light client (``LightClientState``) started from a block
/// the operator trusts and advanced only by `next_light_client_block` results that pass
/// nearcore's validation (producer signatures over > 2/3 of the stake, the next producers'
/// hash). Blocks and proofs come from untrusted callers or an untrusted RPC; nothing here
/// believes them before checking them against this head.
struct LightClientHead: Sendable {
    private(set) var state: LightClientState

    init(_ state: LightClientState) {
        self.state = state
    }

    /// Applies `blocks` in order. Blocks at or below the head are skipped (a retried request
    /// carries blocks the node already applied); any other invalid block refuses the lot.
    mutating func advance(through blocks: [LightClientBlock]) throws(APIError) {
        for block in blocks where block.innerLite.height > state.head.height {
            do { try state.advance(to: block) } catch {
                throw .invalidLightClientBlock("light client block at height \(block.innerLite.height) refused: \(error.description)")
            }
        }
    }

    /// Verifies a `light_client_proof` result against the head's `block_merkle_root` and returns
    /// the proven outcome. The proof must have been requested with `light_client_head` = this
    /// head (``hash``), whose merkle root covers every block before it.
    func prove(_ proof: LightClientExecutionProof) throws(APIError) -> ExecutionOutcome {
        do { _ = try proof.verify(blockMerkleRoot: state.head.blockMerkleRoot) } catch {
            throw .invalidProof("\(error.description); expected a light_client_proof requested with light_client_head \(hash) (height \(height)), this node's head")
        }
        return proof.outcomeProof.outcome
    }

    var hash: CryptoHash { state.headHash }
    var height: UInt64 { state.head.height }
}

/// Fetches `next_light_client_block` after a head, from the RPC the operator configured
/// (untrusted: the node validates what it returns); nil when there is nothing newer.
public typealias LightClientFeed = @Sendable (_ after: CryptoHash) async throws -> LightClientBlock?
