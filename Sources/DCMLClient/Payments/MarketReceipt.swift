import NearLightClient

/// What a model-market call did: the contract's return value, and the receipt the contract ran
/// it in — the one whose outcome logged the call's event, which is what a node is given a
/// light-client proof of (``MarketClient/proveReceipt(_:from:wait:)``).
public struct MarketReceipt<Value: Sendable>: Sendable {
    public let value: Value
    public let receiptID: CryptoHash
    public let outcome: FinalExecutionOutcome
}
