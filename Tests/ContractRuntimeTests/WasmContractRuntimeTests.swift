import Foundation
import NearLightClient
import Testing
@testable import Devnet

/// The WasmKit runtime with NEAR's host ABI, called directly (no chain): results, logs, storage
/// and its usage, reverts, view restrictions, promises, crypto host functions, gas and the caches.
@Suite struct WasmContractRuntimeTests {
    let runtime = WasmContractRuntime()

    func call(_ method: String, _ args: String = "", storage: [[UInt8]: [UInt8]] = [:], deposit: UInt128 = 0,
              gas: UInt64 = 30_000_000_000_000, view: Bool = false, balance: UInt128 = 0, usage: UInt64 = 0,
              code: [UInt8]? = nil) throws -> WasmCallOutcome {
        try callBytes(method, Array(args.utf8), storage: storage, deposit: deposit, gas: gas, view: view, balance: balance, usage: usage, code: code)
    }

    func callBytes(_ method: String, _ args: [UInt8], storage: [[UInt8]: [UInt8]] = [:], deposit: UInt128 = 0,
                   gas: UInt64 = 30_000_000_000_000, view: Bool = false, balance: UInt128 = 0, usage: UInt64 = 0,
                   code: [UInt8]? = nil) throws -> WasmCallOutcome {
        let call = ContractCall(
            contractId: "counter.test.near", code: try code ?? CounterWasm.code(), predecessorId: "alice.near", signerId: "alice.near",
            methodName: method, args: args, gas: gas, deposit: deposit, isView: view, storage: ContractStorage(committed: storage),
            accountBalance: balance, lockedBalance: 3, storageUsage: usage, blockHeight: 42, blockTimestamp: 1_700_000_000_000_000_000,
            epochHeight: 7)
        return runtime.execute(call)
    }

    func value(_ outcome: WasmCallOutcome) throws -> String {
        guard case .success(.value(let bytes)) = outcome.result else { throw Failure("expected a returned value, got \(outcome.result)") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// NEAR's usage of a storage map: key, value and 40 bytes per record.
    func usage(of storage: [[UInt8]: [UInt8]]) -> UInt64 {
        storage.reduce(0) { $0 + UInt64($1.key.count + $1.value.count + 40) }
    }

    /// Storage after applying a call's writes.
    func applying(_ outcome: WasmCallOutcome, to storage: [[UInt8]: [UInt8]]) -> [[UInt8]: [UInt8]] {
        var next = storage
        for (k, v) in outcome.storageWrites { next[k] = v }
        return next
    }

    @Test func incrementReturnsLogsAndWritesState() throws {
        let first = try call("increment", usage: 500)
        #expect(try value(first) == "1")
        #expect(first.logs == ["incremented"])
        #expect(first.gasBurnt > 0)
        let storage = applying(first, to: [:])
        #expect(storage[Array("c".utf8)] == [1, 0, 0, 0, 0, 0, 0, 0])
        #expect(first.storageUsage == 500 + usage(of: storage))
        let second = try call("increment", #"{"by": 41}"#, storage: storage, usage: first.storageUsage)
        #expect(try value(second) == "42")
        let after = applying(second, to: storage)
        // Rewriting records changes usage by the values' difference; new records add key + value + 40.
        #expect(second.storageUsage == 500 + usage(of: after))
        #expect(try value(call("get_count", storage: after, view: true)) == "42")
        #expect(try value(call("get_for", #"{"account_id":"alice.near"}"#, storage: after, view: true)) == "42")
        #expect(try value(call("get_history", #"{"index":0}"#, storage: after, view: true)) == #"{"index":0,"total":1,"length":2}"#)
    }

    @Test func panicRevertsWritesAndKeepsLogs() throws {
        let outcome = try call("increment_and_fail", usage: 500)
        guard case .failure(let error) = outcome.result else { throw Failure("expected a failure") }
        #expect(outcome.storageUsage == 500)
        #expect(error == .guestPanic("deliberate failure"))
        #expect(error.functionCallError == .object(["ExecutionError": .string("Smart contract panicked: deliberate failure")]))
        #expect(outcome.logs == ["about to fail"])
        #expect(outcome.storageWrites.isEmpty)
    }

    @Test func malformedArgumentsAndDepositsPanic() throws {
        #expect(try call("increment", "{").result == .failure(.guestPanic("json: input ends before the expected value")))
        #expect(try call("increment", deposit: 1).result == .failure(.guestPanic("Method doesn't accept deposit")))
        #expect(try call("get_history", #"{"index":5}"#).result == .failure(.guestPanic("vector: index out of range")))
    }

    @Test func viewCallsCannotWriteOrSeeTheCaller() throws {
        #expect(try call("increment", view: true).result == .failure(.prohibitedInView("attached_deposit")))
        #expect(try call("context", view: true).result == .failure(.prohibitedInView("signer_account_id")))
        let context = try value(call("context", deposit: 7, balance: 1000, usage: 321))
        #expect(context == #"{"current":"counter.test.near","signer":"alice.near","predecessor":"alice.near","deposit":"7","balance":"1000","locked":"3","storage_usage":321,"block_index":42,"block_timestamp":1700000000000000000,"epoch_height":7}"#)
    }

    @Test func transfersBecomePromises() throws {
        let outcome = try call("tip_back", #"{"amount":"250"}"#, balance: 1000)
        #expect(outcome.result == .success(.promise(0)))
        let schedule = NearGasSchedule()
        let executionFees = schedule.promiseCreate + schedule.transferAction
        #expect(outcome.promises == [NearPromise(receiverId: "alice.near", actions: [.transfer(250)], prepaidGas: executionFees)])
        // The receipt's execution fees are prepaid: used, not burnt, by this call.
        #expect(outcome.gasUsed == outcome.gasBurnt + executionFees)
        let paid = try call("pay", #"{"to":"bob.near","amount":"1000"}"#, balance: 1000)
        #expect(paid.result == .success(.value([])))
        #expect(paid.promises.map(\.deposit) == [1000])
        #expect(try call("pay", #"{"to":"bob.near","amount":"1001"}"#, balance: 1000).result == .failure(.guestPanic("not enough balance")))
        #expect(try call("tip_back", #"{"amount":"5000"}"#, balance: 1000).result == .failure(.guestPanic("not enough balance")))
        #expect(try call("tip_back", #"{"amount":"1"}"#, view: true, balance: 1000).result == .failure(.prohibitedInView("predecessor_account_id")))
    }

    @Test func sha256AndEd25519HostFunctions() throws {
        let data = Array("hello near".utf8)
        var borsh = BorshWriter(capacity: 16)
        borsh.writeBytes(data)
        let hashed = try callBytes("hash", borsh.bytes)
        #expect(hashed.result == .success(.value(CryptoHash.hash(data).bytes)))

        let key = SecretKey.generate()
        let message = Array("signed by alice".utf8)
        let signature = try key.sign(message)
        var args = BorshWriter(capacity: 160)
        args.writeFixed(signature.bytes)
        args.writeBytes(message)
        args.writeFixed(key.publicKey.bytes)
        #expect(try value(callBytes("verify", args.bytes)) == "true")
        var tampered = args.bytes
        tampered[70] ^= 1
        #expect(try value(callBytes("verify", tampered)) == "false")
    }

    @Test func gasIsBoundedByThePrepaidAmount() throws {
        let normal = try call("increment")
        #expect(normal.gasBurnt > 0 && normal.gasBurnt < 30_000_000_000_000)
        let starved = try call("increment", gas: normal.gasBurnt / 2)
        #expect(starved.result == .failure(.gasExceeded))
        #expect(starved.gasBurnt == normal.gasBurnt / 2)
        #expect(starved.storageWrites.isEmpty)
        #expect(try call("increment", gas: 400_000_000_000_000).gasBurnt == normal.gasBurnt)
    }

    @Test func unknownMethodsAndInvalidCodeFailLikeNear() throws {
        let missing = try call("no_such_method")
        #expect(missing.result == .failure(.methodNotFound))
        #expect(missing.result.failureJSON == .object(["MethodResolveError": .string("MethodNotFound")]))
        // A module with a memory.copy: bulk memory, which NEAR refuses to compile.
        let bulk: [UInt8] = [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 5, 3, 1, 0, 1,
                             7, 7, 1, 3, 0x72, 0x75, 0x6E, 0, 0, 10, 14, 1, 12, 0, 0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 0x0A, 0, 0, 0x0B]
        let rejected = try call("run", code: bulk)
        guard case .failure(.compilation(let json, let message)) = rejected.result else { throw Failure("expected a compilation error, got \(rejected.result)") }
        #expect(json == .object(["CompilationError": .object(["PrepareError": .string("Deserialization")])]))
        #expect(message.contains("bulk memory"))
    }

    @Test func modulesAndInstancesAreCachedPerCodeHash() throws {
        let fresh = WasmContractRuntime()
        let call = ContractCall(
            contractId: "c.near", code: try CounterWasm.code(), predecessorId: "a.near", signerId: "a.near", methodName: "get_count",
            args: [], gas: 10_000_000_000_000, deposit: 0, isView: true, blockHeight: 1, blockTimestamp: 1)
        for _ in 0..<20 { #expect(fresh.call(call).result == .success(.value(Array("0".utf8)))) }
        #expect(fresh.cachedModules == 1)
        // Instantiated once too: sequential calls reuse the one pooled instance.
        #expect(fresh.idleInstances == 1)
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Result where Success == ContractReturn, Failure == NearHostError {
    var failureJSON: JSONValue? {
        if case .failure(let error) = self { return error.functionCallError }
        return nil
    }
}
