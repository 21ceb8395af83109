/// An execution outcome (nearcore's `ExecutionOutcomeView`), with the partial borsh form that
/// is hashed into the outcome Merkle tree. `metadata` (gas profile) is not hashed and is dropped
/// on decode.
public struct ExecutionOutcome: Hashable, Sendable {
    public var logs: [String]
    public var receiptIds: [CryptoHash]
    public var gasBurnt: UInt64
    /// yoctoNEAR.
    public var tokensBurnt: UInt128
    public var executorId: String
    public var status: ExecutionStatus

    public init(
        logs: [String], receiptIds: [CryptoHash], gasBurnt: UInt64, tokensBurnt: UInt128,
        executorId: String, status: ExecutionStatus
    ) {
        self.logs = logs
        self.receiptIds = receiptIds
        self.gasBurnt = gasBurnt
        self.tokensBurnt = tokensBurnt
        self.executorId = executorId
        self.status = status
    }

    /// Borsh of `PartialExecutionOutcome`: receipt ids ‖ u64 gas burnt ‖ u128 tokens burnt ‖
    /// executor id ‖ partial status.
    public var partialBorsh: [UInt8] {
        var writer = BorshWriter(capacity: 128 + receiptIds.count * 32)
        writer.write(receiptIds)
        writer.write(gasBurnt)
        writer.write(tokensBurnt)
        writer.write(executorId)
        status.encodePartial(to: &writer)
        return writer.bytes
    }
}

extension ExecutionOutcome: Codable {
    enum CodingKeys: String, CodingKey {
        case logs
        case receiptIds = "receipt_ids"
        case gasBurnt = "gas_burnt"
        case tokensBurnt = "tokens_burnt"
        case executorId = "executor_id"
        case status
        case metadata
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        logs = try c.decode([String].self, forKey: .logs)
        receiptIds = try c.decode([CryptoHash].self, forKey: .receiptIds)
        gasBurnt = try c.decodeNearU64(forKey: .gasBurnt)
        tokensBurnt = try c.decodeNearU128(forKey: .tokensBurnt)
        executorId = try c.decode(String.self, forKey: .executorId)
        status = try c.decode(ExecutionStatus.self, forKey: .status)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(logs, forKey: .logs)
        try c.encode(receiptIds, forKey: .receiptIds)
        try c.encode(gasBurnt, forKey: .gasBurnt)
        try c.encodeNearU128(tokensBurnt, forKey: .tokensBurnt)
        try c.encode(executorId, forKey: .executorId)
        try c.encode(status, forKey: .status)
        try c.encode(JSONValue.object(["version": .unsigned(1), "gas_profile": .null]), forKey: .metadata)
    }
}
