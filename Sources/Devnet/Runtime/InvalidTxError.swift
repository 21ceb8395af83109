import NearLightClient

/// Why a transaction is refused before it runs (nearcore's `InvalidTxError`), with NEAR's JSON
/// form for the RPC error (`{"InvalidTxError": …}`).
public enum InvalidTxError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidSignerId(String)
    case invalidReceiverId(String)
    case signerDoesNotExist(String)
    case accessKeyNotFound(account: String, publicKey: PublicKey)
    case invalidNonce(txNonce: UInt64, akNonce: UInt64)
    case invalidSignature
    case notEnoughBalance(signer: String, balance: UInt128, cost: UInt128)
    case expired
    case invalidChain
    case notFullAccess(account: String, publicKey: PublicKey)

    public var json: JSONValue {
        let inner: JSONValue
        switch self {
        case .invalidSignerId(let id): inner = .object(["InvalidSignerId": .object(["signer_id": .string(id)])])
        case .invalidReceiverId(let id): inner = .object(["InvalidReceiverId": .object(["receiver_id": .string(id)])])
        case .signerDoesNotExist(let id): inner = .object(["SignerDoesNotExist": .object(["signer_id": .string(id)])])
        case .accessKeyNotFound(let account, let key):
            inner = .object(["InvalidAccessKeyError": .object(["AccessKeyNotFound": .object([
                "account_id": .string(account), "public_key": .string(key.description)])])])
        case .invalidNonce(let tx, let ak):
            inner = .object(["InvalidNonce": .object(["tx_nonce": .unsigned(tx), "ak_nonce": .unsigned(ak)])])
        case .invalidSignature: inner = .string("InvalidSignature")
        case .notEnoughBalance(let signer, let balance, let cost):
            inner = .object(["NotEnoughBalance": .object([
                "signer_id": .string(signer), "balance": .string(String(balance)), "cost": .string(String(cost))])])
        case .expired: inner = .string("Expired")
        case .invalidChain: inner = .string("InvalidChain")
        case .notFullAccess(let account, let key):
            inner = .object(["InvalidAccessKeyError": .object(["RequiresFullAccess": .object([
                "account_id": .string(account), "public_key": .string(key.description)])])])
        }
        return .object(["InvalidTxError": inner])
    }

    public var description: String {
        switch self {
        case .invalidSignerId(let id): "signer id '\(id)' is not a valid account id"
        case .invalidReceiverId(let id): "receiver id '\(id)' is not a valid account id"
        case .signerDoesNotExist(let id): "signer account '\(id)' does not exist"
        case .accessKeyNotFound(let account, let key): "access key \(key) does not exist on account '\(account)'"
        case .invalidNonce(let tx, let ak): "transaction nonce \(tx) must be larger than the access key's nonce \(ak)"
        case .invalidSignature: "the transaction's signature does not verify with its public key"
        case .notEnoughBalance(let signer, let balance, let cost): "'\(signer)' has \(balance) yoctoNEAR, the transaction costs \(cost)"
        case .expired: "the transaction's block_hash is not a recent block of this chain"
        case .invalidChain: "the transaction's block_hash is not a block of this chain"
        case .notFullAccess(let account, let key): "access key \(key) of '\(account)' is a function-call key; this transaction needs full access"
        }
    }
}
