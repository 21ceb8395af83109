/// Why a light-client proof or block was rejected. Each case names the check that failed and
/// shows what was computed against what was expected.
public enum LightClientError: Error, Equatable, Sendable, CustomStringConvertible {
    case outcomeRootMismatch(computed: CryptoHash, header: CryptoHash)
    case blockHashMismatch(computed: CryptoHash, claimed: CryptoHash)
    case blockMerkleRootMismatch(computed: CryptoHash, expected: CryptoHash)
    case heightNotAhead(height: UInt64, headHeight: UInt64)
    case unknownEpoch(CryptoHash, headEpoch: CryptoHash, headNextEpoch: CryptoHash)
    case missingNextBlockProducers(epoch: CryptoHash)
    case noBlockProducers(epoch: CryptoHash)
    case invalidApproval(index: Int, accountId: String)
    case insufficientStake(approved: UInt128, total: UInt128)
    case stakeOverflow
    case nextBlockProducersHashMismatch(computed: CryptoHash, expected: CryptoHash)

    public var description: String {
        switch self {
        case .outcomeRootMismatch(let computed, let header):
            return "outcome root check failed: the proof leads to outcome root \(computed), the block header has \(header)"
        case .blockHashMismatch(let computed, let claimed):
            return "block hash check failed: block_header_lite hashes to \(computed), the outcome proof names block \(claimed)"
        case .blockMerkleRootMismatch(let computed, let expected):
            return "block merkle root check failed: block_proof leads to \(computed.hex), expected the head's block_merkle_root \(expected.hex)"
        case .heightNotAhead(let height, let headHeight):
            return "height check failed: block height \(height) is not above the head's height \(headHeight)"
        case .unknownEpoch(let epoch, let headEpoch, let headNextEpoch):
            return "epoch check failed: block epoch \(epoch) is neither the head's epoch \(headEpoch) nor its next epoch \(headNextEpoch)"
        case .missingNextBlockProducers(let epoch):
            return "next_bps check failed: the block starts epoch \(epoch) (the head's next epoch) but carries no next_bps"
        case .noBlockProducers(let epoch):
            return "no block producers known for epoch \(epoch); validate a block of the previous epoch first"
        case .invalidApproval(let index, let accountId):
            return "approval check failed: approval \(index) is not a valid signature by block producer \(accountId)"
        case .insufficientStake(let approved, let total):
            return "stake check failed: approved stake \(approved) is not more than 2/3 of total stake \(total)"
        case .stakeOverflow:
            return "stake check failed: total stake overflows u128"
        case .nextBlockProducersHashMismatch(let computed, let expected):
            return "next_bp_hash check failed: next_bps hashes to \(computed), the header's next_bp_hash is \(expected)"
        }
    }
}
