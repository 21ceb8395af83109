import NearLightClient

/// The seam for running contract wasm: the chain hands a runtime the call, the storage it may
/// read and what NEAR's host functions report about the account and the block; the runtime
/// returns what NEAR's runtime returns (logs, a value or a promise, or a `FunctionCallError`),
/// plus the storage writes and transfers the chain applies only when the call succeeded.
public protocol ContractRuntime: Sendable {
    func call(_ call: ContractCall) -> ContractCallResult
}

/// One function call: the contract's code and account, the caller, what was attached, and the
/// state NEAR's host functions read.
public struct ContractCall: Sendable {
    public var contractId: String
    public var code: [UInt8]
    /// sha256 of `code`, which names the runtime's caches: the chain passes the account's
    /// `code_hash` so a call does not hash the whole module again.
    public var codeHash: CryptoHash
    public var predecessorId: String
    public var signerId: String
    /// Borsh `PublicKey` of the signer (`signer_account_pk`).
    public var signerPublicKey: [UInt8]
    public var methodName: String
    public var args: [UInt8]
    public var gas: UInt64
    public var deposit: UInt128
    /// A view call (`query` `call_function`): the runtime must not write state.
    public var isView: Bool
    public var storage: ContractStorage
    /// The contract account's liquid balance with the attached deposit already credited.
    public var accountBalance: UInt128
    public var lockedBalance: UInt128
    public var storageUsage: UInt64
    public var blockHeight: UInt64
    public var blockTimestamp: UInt64
    public var epochHeight: UInt64
    public var randomSeed: [UInt8]

    public init(
        contractId: String, code: [UInt8], codeHash: CryptoHash? = nil, predecessorId: String, signerId: String,
        signerPublicKey: [UInt8] = [0] + Array(repeating: 0, count: 32), methodName: String, args: [UInt8], gas: UInt64,
        deposit: UInt128, isView: Bool, storage: ContractStorage = ContractStorage(), accountBalance: UInt128 = 0,
        lockedBalance: UInt128 = 0, storageUsage: UInt64 = 0, blockHeight: UInt64, blockTimestamp: UInt64,
        epochHeight: UInt64 = 0, randomSeed: [UInt8] = Array(repeating: 0, count: 32)
    ) {
        self.contractId = contractId
        self.code = code
        self.codeHash = codeHash ?? CryptoHash.hash(code)
        self.predecessorId = predecessorId
        self.signerId = signerId
        self.signerPublicKey = signerPublicKey
        self.methodName = methodName
        self.args = args
        self.gas = gas
        self.deposit = deposit
        self.isView = isView
        self.storage = storage
        self.accountBalance = accountBalance
        self.lockedBalance = lockedBalance
        self.storageUsage = storageUsage
        self.blockHeight = blockHeight
        self.blockTimestamp = blockTimestamp
        self.epochHeight = epochHeight
        self.randomSeed = randomSeed
    }
}

/// What a call returned: bytes (`value_return`, empty when it returned nothing), or
/// `promise_return`'s promise, whose receipt's result becomes the call's result.
public enum ContractReturn: Sendable, Equatable {
    case value([UInt8])
    case promise(Int)
}

/// Everything a call produced. A failed call keeps only its logs and burnt gas: NEAR discards
/// the storage writes and promises of a failed call.
public struct ContractCallResult: Sendable {
    public var logs: [String]
    public var result: Result<ContractReturn, FunctionCallFailure>
    public var gasBurnt: UInt64
    /// Burnt gas plus the execution fees prepaid for the receipts the call created.
    public var gasUsed: UInt64
    public var storageWrites: [[UInt8]: [UInt8]?]
    /// The account's `storage_usage` after the writes.
    public var storageUsage: UInt64
    public var promises: [NearPromise]

    public init(
        logs: [String], result: Result<ContractReturn, FunctionCallFailure>, gasBurnt: UInt64, gasUsed: UInt64,
        storageWrites: [[UInt8]: [UInt8]?], storageUsage: UInt64, promises: [NearPromise]
    ) {
        self.logs = logs
        self.result = result
        self.gasBurnt = gasBurnt
        self.gasUsed = gasUsed
        self.storageWrites = storageWrites
        self.storageUsage = storageUsage
        self.promises = promises
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
