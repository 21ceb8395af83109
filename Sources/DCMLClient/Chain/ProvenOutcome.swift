import NearLightClient

/// An execution outcome whose inclusion was verified against a validated light-client head:
/// the status (for failures only the fact of failure is hashed, not the error details), logs,
/// receipt ids, gas and executor are exactly what the chain recorded.
public struct ProvenOutcome: Hashable, Sendable {
    /// The transaction hash or receipt id.
    public var id: CryptoHash
    public var blockHash: CryptoHash
    public var blockHeight: UInt64
    public var executorId: String
    public var status: ExecutionStatus
    public var logs: [String]
    public var receiptIds: [CryptoHash]
    public var gasBurnt: UInt64
    public var tokensBurnt: UInt128

    init(_ proof: LightClientExecutionProof) {
        let outcome = proof.outcomeProof.outcome
        id = proof.outcomeProof.id
        blockHash = proof.outcomeProof.blockHash
        blockHeight = proof.blockHeaderLite.innerLite.height
        executorId = outcome.executorId
        status = outcome.status
        logs = outcome.logs
        receiptIds = outcome.receiptIds
        gasBurnt = outcome.gasBurnt
        tokensBurnt = outcome.tokensBurnt
    }

    /// One line for people: `success`, `success, returned "5"`, `failure`, `receipt <id>`.
    public var statusSummary: String {
        switch status {
        case .unknown: "unknown"
        case .failure: "failure"
        case .successValue(let bytes) where bytes.isEmpty: "success"
        case .successValue(let bytes): "success, returned \(String(decoding: bytes, as: UTF8.self))"
        case .successReceiptId(let id): "success, continued in receipt \(id)"
        }
    }
}

/// A transaction proven end to end: its own outcome (signer side) and the outcomes of the
/// receipts it created (receiver side), each against the same light-client head.
public struct ProvenTransaction: Hashable, Sendable {
    public var transaction: ProvenOutcome
    public var receipts: [ProvenOutcome]
    /// The validated head the proofs were checked against.
    public var headHash: CryptoHash
    public var headHeight: UInt64

    /// Where the transaction's effect is decided: its receipt's status when proven, else its own.
    public var finalStatus: ExecutionStatus { receipts.last?.status ?? transaction.status }

    public var logs: [String] { transaction.logs + receipts.flatMap(\.logs) }
}
