import NearLightClient

/// The result of `broadcast_tx_commit` and `tx` (nearcore's `FinalExecutionOutcomeView`): the
/// final status, the transaction's own outcome and the outcomes of the receipts it caused.
/// These are what the RPC node says; `NearProver` proves them against a light-client head.
public struct FinalExecutionOutcome: Hashable, Sendable, Decodable {
    public var status: FinalExecutionStatus
    public var transactionHash: CryptoHash
    public var signerId: String
    public var receiverId: String
    public var transactionOutcome: ExecutionOutcomeProof
    public var receiptsOutcome: [ExecutionOutcomeProof]

    enum CodingKeys: String, CodingKey {
        case status, transaction
        case transactionOutcome = "transaction_outcome"
        case receiptsOutcome = "receipts_outcome"
    }

    enum TransactionKeys: String, CodingKey {
        case hash
        case signerId = "signer_id"
        case receiverId = "receiver_id"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decode(FinalExecutionStatus.self, forKey: .status)
        let t = try c.nestedContainer(keyedBy: TransactionKeys.self, forKey: .transaction)
        transactionHash = try t.decode(CryptoHash.self, forKey: .hash)
        signerId = try t.decode(String.self, forKey: .signerId)
        receiverId = try t.decode(String.self, forKey: .receiverId)
        transactionOutcome = try c.decode(ExecutionOutcomeProof.self, forKey: .transactionOutcome)
        receiptsOutcome = try c.decode([ExecutionOutcomeProof].self, forKey: .receiptsOutcome)
    }

    /// Gas burnt by the transaction and all its receipts.
    public var gasBurnt: UInt64 {
        receiptsOutcome.reduce(transactionOutcome.outcome.gasBurnt) { $0 + $1.outcome.gasBurnt }
    }

    /// yoctoNEAR burnt as fees by the transaction and all its receipts.
    public var tokensBurnt: UInt128 {
        receiptsOutcome.reduce(transactionOutcome.outcome.tokensBurnt) { $0 + $1.outcome.tokensBurnt }
    }

    /// Every log line of every receipt, in order.
    public var logs: [String] { receiptsOutcome.flatMap(\.outcome.logs) }
}
