/// Everything one contract call produced. On failure only logs and gas survive: NEAR discards
/// the storage writes and promises of a failed call.
public struct WasmCallOutcome: Sendable {
    public enum Returned: Sendable, Equatable {
        case none
        case value([UInt8])
        /// `promise_return`: the call's result is that promise's result.
        case promise(Int)
    }

    public var logs: [String]
    public var result: Result<Returned, NearHostError>
    public var gasBurnt: UInt64
    public var storageWrites: [[UInt8]: [UInt8]?]
    public var promises: [NearPromise]
}
