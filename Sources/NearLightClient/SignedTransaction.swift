#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// nearcore's `SignedTransaction`: borsh(Transaction) ‖ Signature (tag 0 ‖ 64 bytes). The base64
/// of its borsh is what `broadcast_tx_commit` / `send_tx` take.
public struct SignedTransaction: Hashable, Sendable {
    public var transaction: Transaction
    public var signature: Signature

    public init(transaction: Transaction, signature: Signature) {
        self.transaction = transaction
        self.signature = signature
    }

    /// The transaction id (the hash of the unsigned transaction).
    public var hash: CryptoHash { transaction.hash }

    /// Checks the signature over the transaction hash with the transaction's own public key.
    /// (Whether that key is an access key of the signer is the chain's business.)
    public func verify() throws(TransactionError) {
        let hash = transaction.hash
        guard transaction.publicKey.verify(signature, for: hash.bytes) else {
            throw .invalidSignature(hash: hash, publicKey: transaction.publicKey)
        }
    }

    /// Base64 of the borsh bytes, the RPC's form.
    public var base64: String { Data(borshBytes).base64EncodedString() }

    public init(base64: String) throws {
        guard let data = Data(base64Encoded: base64) else { throw NearEncodingError.invalidBase64(what: "signed transaction") }
        try self.init(borsh: Array(data))
    }
}

extension SignedTransaction: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(transaction)
        writer.write(signature)
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        transaction = try reader.read()
        signature = try reader.read()
    }
}
