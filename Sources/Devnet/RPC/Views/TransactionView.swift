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

    /// `FinalExecutionStatus`: the value or failure of the receipt that gave the transaction's
    /// result (`TxExecution.status`).
    static func status(_ status: ExecutionStatus) -> JSONValue {
        switch status {
        case .successValue(let bytes): return .object(["SuccessValue": .string(Data(bytes).base64EncodedString())])
        case .failure(let error): return .object(["Failure": error])
        case .unknown: return .string("NotStarted")
        case .successReceiptId: return .string("Started")
        }
    }

    /// The transaction's receipts (`ReceiptView`): its own, then those its contracts created.
    static func receipts(_ location: TxLocation, gasPrice: UInt128) -> [JSONValue] {
        let tx = location.transaction.transaction
        func receipt(id: CryptoHash, predecessor: String, receiver: String, actions: [Action]) -> JSONValue {
            .object([
                "predecessor_id": .string(predecessor), "receiver_id": .string(receiver),
                "receipt_id": .hash(id), "priority": .unsigned(0),
                "receipt": .object(["Action": .object([
                    "signer_id": .string(tx.signerId), "signer_public_key": .string(tx.publicKey.description),
                    "gas_price": .u128(gasPrice), "output_data_receivers": .array([]), "input_data_ids": .array([]),
                    "actions": .array(actions.map(ActionView.json)), "is_promise_yield": .bool(false),
                ])]),
            ])
        }
        let execution = location.execution
        return [receipt(id: execution.receiptId, predecessor: tx.signerId, receiver: tx.receiverId, actions: tx.actions)]
            + execution.promiseReceipts.map {
                receipt(id: $0.outcome.id, predecessor: $0.predecessorId, receiver: $0.receiverId, actions: $0.actions)
            }
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
        try c.encode(location.receiptOutcomes.map { TransactionView.outcome($0.outcome, path: $0.path, block: block) }, forKey: .receiptsOutcome)
        try c.encode("FINAL", forKey: .finalExecutionStatus)
        if withReceipts { try c.encode(TransactionView.receipts(location, gasPrice: gasPrice), forKey: .receipts) }
    }
}
