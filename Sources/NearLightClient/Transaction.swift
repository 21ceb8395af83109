/// nearcore's `Transaction` (V0, the layout every NEAR tool signs): signer, signer's key, nonce,
/// receiver, a recent block hash (replay window), actions.
///
/// Borsh: string signer_id ‖ PublicKey ‖ u64 nonce ‖ string receiver_id ‖ 32-byte block_hash ‖
/// Vec<Action>. Its hash (SHA-256 of that) is the transaction id and what gets signed.
public struct Transaction: Hashable, Sendable {
    public var signerId: String
    public var publicKey: PublicKey
    public var nonce: UInt64
    public var receiverId: String
    public var blockHash: CryptoHash
    public var actions: [Action]

    public init(
        signerId: String, publicKey: PublicKey, nonce: UInt64, receiverId: String,
        blockHash: CryptoHash, actions: [Action]
    ) {
        self.signerId = signerId
        self.publicKey = publicKey
        self.nonce = nonce
        self.receiverId = receiverId
        self.blockHash = blockHash
        self.actions = actions
    }

    /// The transaction hash: SHA-256(borsh(Transaction)).
    public var hash: CryptoHash { CryptoHash.hash(borshBytes) }

    /// Signs the transaction hash with `key`. The key must be the transaction's `publicKey`.
    public func signed(with key: SecretKey) throws -> SignedTransaction {
        guard key.publicKey == publicKey else { throw TransactionError.keyMismatch(signer: publicKey, key: key.publicKey) }
        let signature = try key.sign(hash.bytes)
        return SignedTransaction(transaction: self, signature: signature)
    }
}

extension Transaction: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(signerId)
        writer.write(publicKey)
        writer.write(nonce)
        writer.write(receiverId)
        writer.write(blockHash)
        writer.write(actions)
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        signerId = try reader.readString("signer id")
        publicKey = try reader.read()
        nonce = try reader.readU64("nonce")
        receiverId = try reader.readString("receiver id")
        blockHash = try reader.read()
        actions = try reader.readArray("actions", minimumElementSize: 1) { (r: inout BorshReader) throws(BorshError) in
            try r.read(Action.self)
        }
    }
}
