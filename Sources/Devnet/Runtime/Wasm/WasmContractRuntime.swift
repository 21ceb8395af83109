import ContractTooling
import NearLightClient
import Synchronization
import WasmKit

/// Runs contract wasm with WasmKit behind NEAR's host ABI: the devnet's `ContractRuntime`.
///
/// Each call starts from a fresh instance state (NEAR's semantics: no memory survives a call).
/// Cached per code hash: the validated and parsed module, and idle instances whose memory is
/// reset to its post-instantiation image (see `PooledInstance`). Gas is WasmKit fuel (one unit per executed
/// instruction, priced at `regularOp`) plus the schedule's price for every host call, bounded by
/// the call's prepaid gas and NEAR's per-call maximum. A failed call keeps its logs and burnt gas
/// and drops its storage writes and promises.
public final class WasmContractRuntime: ContractRuntime, @unchecked Sendable {
    public let schedule: NearGasSchedule
    let engine: Engine
    let validator = WasmValidator()
    /// Parsed modules (or why the code cannot run) by the code's sha256.
    let modules = Mutex<[CryptoHash: Result<LoadedModule, NearHostError>]>([:])
    /// Idle instances by code hash (see `PooledInstance`). Instances are not thread-safe; the
    /// lock hands each to one call at a time.
    let pool = Mutex<[CryptoHash: [PooledInstance]]>([:])

    public init(schedule: NearGasSchedule = NearGasSchedule()) {
        self.schedule = schedule
        engine = Engine(configuration: EngineConfiguration(fuelMetering: true))
    }

    public func call(_ call: ContractCall) -> ContractCallResult {
        let outcome = execute(call)
        return ContractCallResult(
            logs: outcome.logs,
            result: outcome.result.mapError { FunctionCallFailure(json: $0.functionCallError, message: $0.message) },
            gasBurnt: outcome.gasBurnt, gasUsed: outcome.gasUsed, storageWrites: outcome.storageWrites,
            storageUsage: outcome.storageUsage, promises: outcome.promises)
    }

    /// Number of distinct codes parsed so far (the module cache's size).
    public var cachedModules: Int { modules.withLock { $0.count } }

    /// Instantiated modules waiting for their next call (the instance pool's size).
    public var idleInstances: Int { pool.withLock { $0.values.reduce(0) { $0 + $1.count } } }

    /// A parsed module and whether its instances may be pooled.
    struct LoadedModule: @unchecked Sendable {
        var module: Module
        var poolable: Bool
    }

    /// The module for `code`, validated against NEAR's rules and parsed once per code hash.
    func module(for code: [UInt8], hash: CryptoHash) -> Result<LoadedModule, NearHostError> {
        if let cached = modules.withLock({ $0[hash] }) { return cached }
        let result: Result<LoadedModule, NearHostError>
        do {
            let summary = try validator.validate(code)
            result = .success(LoadedModule(module: try parseWasm(bytes: code), poolable: summary.mutableGlobals <= 1))
        } catch let error as WasmValidationError {
            let kind: JSONValue = error.message.contains("import")
                ? .object(["LinkError": .object(["msg": .string(error.description)])])
                : .object(["PrepareError": .string("Deserialization")])
            result = .failure(.compilation(.object(["CompilationError": kind]), "contract code rejected: \(error)"))
        } catch {
            result = .failure(.compilation(.object(["CompilationError": .object(["PrepareError": .string("Deserialization")])]), "contract code rejected: \(error)"))
        }
        modules.withLock { $0[hash] = result }
        return result
    }

    /// Runs one call and reports everything it produced.
    public func execute(_ call: ContractCall) -> WasmCallOutcome {
        let hash = call.codeHash
        let loaded: LoadedModule
        switch module(for: call.code, hash: hash) {
        case .success(let m): loaded = m
        case .failure(let error):
            return WasmCallOutcome(
                logs: [], result: .failure(error), gasBurnt: 0, gasUsed: 0, storageWrites: [:], storageUsage: call.storageUsage, promises: [])
        }
        let pooled = loaded.poolable ? pool.withLock { $0[hash]?.popLast() } : nil
        let store = pooled?.store ?? Store(engine: engine)
        let context = NearCallContext(call: call, schedule: schedule, store: store)
        func failed(_ error: NearHostError) -> WasmCallOutcome {
            WasmCallOutcome(
                logs: context.logs, result: .failure(error), gasBurnt: context.gasBurnt, gasUsed: context.gasBurnt,
                storageWrites: [:], storageUsage: call.storageUsage, promises: [])
        }
        do throws(NearHostError) {
            try context.charge(schedule.contractLoadingBase &+ schedule.contractLoadingByte &* UInt64(call.code.count))
        } catch {
            return failed(error)
        }
        guard !call.methodName.isEmpty else { return failed(.methodEmptyName) }
        guard loaded.module.exports.contains(where: { $0.name == call.methodName }) else { return failed(.methodNotFound) }
        let instance: PooledInstance
        do {
            if let pooled {
                instance = pooled
                instance.box.current = context
            } else {
                let box = NearCallContextBox()
                box.current = context
                instance = PooledInstance(
                    store: store,
                    instance: try loaded.module.instantiate(store: store, imports: NearHostImports.make(box, store: store, schedule: schedule)),
                    box: box)
            }
            context.memory = instance.memory
            guard let function = instance.instance.exports[function: call.methodName] else { return failed(.methodNotFound) }
            guard function.type.parameters.isEmpty, function.type.results.isEmpty else {
                return failed(.compilation(.object(["MethodResolveError": .string("MethodInvalidSignature")]), "MethodInvalidSignature"))
            }
            _ = try function.invoke([])
            try context.charge(0)
        } catch {
            if let failure = context.failure { return failed(failure) }
            let text = "\(error)"
            if text.hasPrefix("Trap: out of fuel") {
                context.exhaust()
                return failed(call.gas > schedule.maxGasPerCall ? .gasLimitExceeded : .gasExceeded)
            }
            try? context.charge(0)
            return failed(.wasmTrap(Self.trapMessage(text)))
        }
        if loaded.poolable, instance.reset() {
            pool.withLock { $0[hash, default: []].append(instance) }
        }
        return WasmCallOutcome(
            logs: context.logs, result: .success(context.returned), gasBurnt: context.gasBurnt, gasUsed: context.gasUsed,
            storageWrites: context.writes, storageUsage: context.storageUsage, promises: context.promises)
    }

    /// NEAR's wording for a WasmKit trap description.
    static func trapMessage(_ description: String) -> String {
        let reason = description.hasPrefix("Trap: ") ? String(description.dropFirst(6)).split(separator: "\n").first.map(String.init) ?? "" : description
        switch reason {
        case "unreachable": return "An `unreachable` opcode was executed."
        case "out of bounds memory access": return "Memory out of bounds trap."
        case "integer divide by zero", "integer overflow", "invalid conversion to integer": return "An arithmetic exception, e.g. divided by zero."
        case "call stack exhausted": return "Stack overflow."
        default:
            if reason.hasPrefix("indirect call type mismatch") { return "Call indirect incorrect signature trap." }
            if reason.hasPrefix("out of bounds table access") || reason.hasPrefix("indirect call to null") { return "Call indirect out of bounds trap." }
            return reason
        }
    }
}
