import NearLightClient

/// Why a contract call stopped early, with NEAR's wording (`HostError`/`WasmTrap` as the RPC
/// shows them inside `FunctionCallError.ExecutionError`).
public enum NearHostError: Error, Equatable, Sendable {
    case guestPanic(String)
    case gasExceeded
    case gasLimitExceeded
    case memoryAccessViolation
    case invalidRegisterId(UInt64)
    case badUTF8
    case prohibitedInView(String)
    case invalidPromiseIndex(UInt64)
    case integerOverflow
    case balanceExceeded
    case registersLimitExceeded
    case totalLogLengthExceeded(UInt64)
    case numberOfLogsExceeded
    case invalidAccountId
    case unsupported(String)
    case wasmTrap(String)
    case methodNotFound
    case methodEmptyName
    case compilation(JSONValue, String)

    public var message: String {
        switch self {
        case .guestPanic(let m): "Smart contract panicked: \(m)"
        case .gasExceeded: "Exceeded the prepaid gas."
        case .gasLimitExceeded: "Exceeded the maximum amount of gas allowed to burn per contract."
        case .memoryAccessViolation: "Accessed memory outside the bounds."
        case .invalidRegisterId(let id): "Accessed invalid register id: \(id)"
        case .badUTF8: "String encoding is bad UTF-8 sequence."
        case .prohibitedInView(let method): "\(method) is not allowed in view calls"
        case .invalidPromiseIndex(let index): "\(index) does not correspond to existing promises"
        case .integerOverflow: "Integer overflow."
        case .balanceExceeded: "Exceeded the account balance."
        case .registersLimitExceeded: "Exceeded the registers memory limit."
        case .totalLogLengthExceeded(let length): "The length of a log message \(length) exceeds the limit"
        case .numberOfLogsExceeded: "The number of logs exceeds the limit"
        case .invalidAccountId: "VM Logic returned an invalid account id"
        case .unsupported(let name): "\(name) is not supported by the devnet runtime"
        case .wasmTrap(let what): "WebAssembly trap: \(what)"
        case .methodNotFound: "MethodNotFound"
        case .methodEmptyName: "MethodEmptyName"
        case .compilation(_, let m): m
        }
    }

    /// The `FunctionCallError` JSON NEAR's RPC shows for this failure.
    public var functionCallError: JSONValue {
        switch self {
        case .methodNotFound, .methodEmptyName: .object(["MethodResolveError": .string(message)])
        case .compilation(let json, _): json
        default: .object(["ExecutionError": .string(message)])
        }
    }
}
