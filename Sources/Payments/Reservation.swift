/// A request the node accepted and is generating. Its prompt and its maximum completion are held
/// against the deposit until `settle` charges the tokens actually generated (never more) or
/// `release` frees them, so concurrent requests on one channel can never together exceed it.
public struct Reservation: Hashable, Sendable, Codable {
    /// Unique within the channel.
    public let id: UInt64
    public let promptTokens: UInt64
    public let maxCompletionTokens: UInt64
    /// The nonce of the voucher that authorized it.
    public let voucherNonce: UInt64
}

/// What `settle` charged: the request's share of the channel's cost (the cumulative cost after it
/// minus before it) and the channel's cumulative spent afterwards, which the node reports to the
/// payer (who computes the same figure from the usage).
public struct Charge: Hashable, Sendable {
    public let cost: Cost
    public let spent: UInt128
}
