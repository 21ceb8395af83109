import NearLightClient

/// Which outcome a light-client proof is for (NEAR's `TransactionOrReceiptId`).
public enum OutcomeReference: Sendable, Hashable {
    case transaction(hash: CryptoHash, senderId: String)
    case receipt(id: CryptoHash, receiverId: String)
}
