/// Why a transaction could not be signed or its signature did not verify.
public enum TransactionError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidSignature(hash: CryptoHash, publicKey: PublicKey)
    case keyMismatch(signer: PublicKey, key: PublicKey)

    public var description: String {
        switch self {
        case .invalidSignature(let hash, let publicKey):
            return "signature of transaction \(hash) is not a valid ed25519 signature by \(publicKey)"
        case .keyMismatch(let signer, let key):
            return "transaction names public key \(signer) but the secret key given is for \(key)"
        }
    }
}
