import NearLightClient

/// The seam for running contract wasm: the contracts issue plugs a WasmKit runtime with NEAR's
/// host functions in here. The chain hands it the call and the state it may read; it returns
/// what NEAR's runtime returns (logs, a return value or a `FunctionCallError`).
public protocol ContractRuntime: Sendable {
    func call(_ call: ContractCall) -> ContractCallResult
}

/// One function call: the contract's code and account, the caller, and what was attached.
public struct ContractCall: Sendable {
    public var contractId: String
    public var code: [UInt8]
    public var predecessorId: String
    public var signerId: String
    public var methodName: String
    public var args: [UInt8]
    public var gas: UInt64
    public var deposit: UInt128
    /// A view call (`query` `call_function`): the runtime must not write state.
    public var isView: Bool
    /// The contract's storage as committed.
    public var storage: [[UInt8]: [UInt8]]
    public var blockHeight: UInt64
    public var blockTimestamp: UInt64
}

public struct ContractCallResult: Sendable {
    public var logs: [String]
    /// The return value, or NEAR's `FunctionCallError` JSON.
    public var result: Result<[UInt8], FunctionCallFailure>
    public var gasBurnt: UInt64
    public var storageWrites: [[UInt8]: [UInt8]?]

    public init(logs: [String], result: Result<[UInt8], FunctionCallFailure>, gasBurnt: UInt64, storageWrites: [[UInt8]: [UInt8]?] = [:]) {
        self.logs = logs
        self.result = result
        self.gasBurnt = gasBurnt
        self.storageWrites = storageWrites
    }
}

/// A `FunctionCallError` in NEAR's JSON (`{"ExecutionError": "…"}`, `{"MethodResolveError": …}`, …).
public struct FunctionCallFailure: Error, Sendable, Equatable {
    public var json: JSONValue
    public var message: String

    public init(json: JSONValue, message: String) {
        self.json = json
        self.message = message
    }
}

/// The runtime until WasmKit arrives: every call fails with NEAR's `ExecutionError` shape and a
/// message that says so.
public struct UnavailableContractRuntime: ContractRuntime {
    public static let message = "contract runtime not available: this devnet stores contract code but cannot run wasm yet"

    public init() {}

    public func call(_ call: ContractCall) -> ContractCallResult {
        ContractCallResult(
            logs: [],
            result: .failure(FunctionCallFailure(json: .object(["ExecutionError": .string(Self.message)]), message: Self.message)),
            gasBurnt: 0)
    }
}
