import NearLightClient

/// Chain-level failures a caller can act on; each says what was expected.
public enum ChainError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownBlock(String)
    case unknownTransaction(CryptoHash)
    case unknownReceipt(CryptoHash)
    case corruptStore(String)
    case genesisMismatch(String)
    case proofHeadTooOld(outcomeHeight: UInt64, headHeight: UInt64)
    case notEnoughBlocks(String)
    case transactionDropped(CryptoHash, InvalidTxError)
    case timeout(CryptoHash)

    public var description: String {
        switch self {
        case .unknownBlock(let reference): "block \(reference) is not known to this devnet"
        case .unknownTransaction(let hash): "transaction \(hash) is not known to this devnet"
        case .unknownReceipt(let id): "receipt \(id) is not known to this devnet"
        case .corruptStore(let reason): "the chain database is inconsistent: \(reason)"
        case .genesisMismatch(let reason): "the data directory belongs to another genesis: \(reason)"
        case .proofHeadTooOld(let outcome, let head):
            "the outcome is in block \(outcome) but the light client head is block \(head); the head must be a later block"
        case .notEnoughBlocks(let reason): reason
        case .transactionDropped(let hash, let error): "transaction \(hash) was dropped when its block was built: \(error)"
        case .timeout(let hash): "transaction \(hash) was not included in time"
        }
    }
}
