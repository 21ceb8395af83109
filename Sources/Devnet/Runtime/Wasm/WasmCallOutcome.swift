/// Everything one contract call produced, with the typed host error when it failed (the
/// chain sees it as `ContractCallResult`). On failure only logs and burnt gas survive: NEAR
/// discards the storage writes and promises of a failed call.
public struct WasmCallOutcome: Sendable {
    public var logs: [String]
    public var result: Result<ContractReturn, NearHostError>
    public var gasBurnt: UInt64
    /// Burnt gas plus the execution fees prepaid for the call's promises.
    public var gasUsed: UInt64
    public var storageWrites: [[UInt8]: [UInt8]?]
    public var storageUsage: UInt64
    public var promises: [NearPromise]
}
