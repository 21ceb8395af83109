#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

/// The `tx` / `broadcast_tx_commit` result (nearcore's `FinalExecutionOutcomeView`) and
/// `EXPERIMENTAL_tx_status`'s variant with receipts.
enum TransactionView {
    static func transaction(_ signed: SignedTransaction) -> JSONValue {
        let tx = signed.transaction
        return .object([
            "signer_id": .string(tx.signerId), "public_key": .string(tx.publicKey.description), "nonce": .unsigned(tx.nonce),
            "receiver_id": .string(tx.receiverId), "actions": .array(tx.actions.map(ActionView.json)),
            "signature": .string(signed.signature.description), "hash": .hash(signed.hash), "priority_fee": .unsigned(0),
        ])
    }

    static func outcome(_ outcome: ExecutionOutcomeWithId, path: MerklePath, block: CryptoHash) -> ExecutionOutcomeProof {
        ExecutionOutcomeProof(proof: path, blockHash: block, id: outcome.id, outcome: outcome.outcome)
    }

    /// `FinalExecutionStatus`: the last receipt's value or its failure.
    static func status(_ status: ExecutionStatus) -> JSONValue {
        switch status {
        case .successValue(let bytes): return .object(["SuccessValue": .string(Data(bytes).base64EncodedString())])
        case .failure(let error): return .object(["Failure": error])
        case .unknown: return .string("NotStarted")
        case .successReceiptId: return .string("Started")
        }
    }

    static func receipt(_ location: TxLocation, gasPrice: UInt128) -> JSONValue {
        let tx = location.transaction.transaction
        return .object([
            "predecessor_id": .string(tx.signerId), "receiver_id": .string(tx.receiverId),
            "receipt_id": .hash(location.execution.receiptId), "priority": .unsigned(0),
            "receipt": .object(["Action": .object([
                "signer_id": .string(tx.signerId), "signer_public_key": .string(tx.publicKey.description),
                "gas_price": .u128(gasPrice), "output_data_receivers": .array([]), "input_data_ids": .array([]),
                "actions": .array(tx.actions.map(ActionView.json)), "is_promise_yield": .bool(false),
            ])]),
        ])
    }
}

/// The encodable `FinalExecutionOutcomeView`.
struct FinalExecutionOutcomeView: Encodable, Sendable {
    let location: TxLocation
    let withReceipts: Bool
    let gasPrice: UInt128

    enum CodingKeys: String, CodingKey {
        case status, transaction, receipts
        case transactionOutcome = "transaction_outcome"
        case receiptsOutcome = "receipts_outcome"
        case finalExecutionStatus = "final_execution_status"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let block = location.header.hash
        try c.encode(TransactionView.status(location.execution.status), forKey: .status)
        try c.encode(TransactionView.transaction(location.transaction), forKey: .transaction)
        try c.encode(TransactionView.outcome(location.execution.transactionOutcome, path: location.transactionPath, block: block), forKey: .transactionOutcome)
        try c.encode([TransactionView.outcome(location.execution.receiptOutcome, path: location.receiptPath, block: block)], forKey: .receiptsOutcome)
        try c.encode("FINAL", forKey: .finalExecutionStatus)
        if withReceipts { try c.encode([TransactionView.receipt(location, gasPrice: gasPrice)], forKey: .receipts) }
    }
}
