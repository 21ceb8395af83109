import Foundation
import NearLightClient
import Testing
@testable import Devnet

/// Contract storage is chain state: written only by successful receipts, seen by later receipts
/// of the same block, committed with the block to SQLite, reloaded on restart, counted in
/// `storage_usage`, and deleted with its account.
@Suite struct ContractStorageOnChainTests {
    /// NEAR's usage of the counter account: the account, its one full-access key, the code and
    /// every storage record (key + value + 40).
    func expectedUsage(_ t: CounterChain) async throws -> UInt64 {
        let records = await t.storage().reduce(UInt64(0)) { $0 + UInt64($1.key.count + $1.value.count + 40) }
        return 100 + 82 + UInt64(try CounterWasm.code().count) + records
    }

    @Test func incrementsPersistAcrossBlocksTheSameBlockAndARestart() async throws {
        var t = try await CounterChain()
        defer { t.remove() }
        #expect(try await t.call("increment").returnedText == "1")
        #expect(try await t.call("increment", #"{"by": 2}"#).returnedText == "3")

        // Two calls in one block: the second sees the first's writes.
        let first = try await t.transaction([.functionCall(FunctionCallAction(
            methodName: "increment", args: [], gas: 30_000_000_000_000, deposit: 0))], to: CounterChain.contract)
        let second = try await t.transaction([.functionCall(FunctionCallAction(
            methodName: "increment", args: Array(#"{"by":10}"#.utf8), gas: 30_000_000_000_000, deposit: 0))], to: CounterChain.contract)
        let both = try await t.executeInOneBlock([first, second])
        #expect(both[0].header.height == both[1].header.height)
        #expect(both.map(\.returnedText) == ["4", "14"])
        #expect(await t.storage()[Array("c".utf8)] == [14, 0, 0, 0, 0, 0, 0, 0])
        let expected = try await expectedUsage(t)
        #expect(await t.chain.state.accounts[CounterChain.contract]?.storageUsage == expected)

        let storage = await t.storage()
        let usage = await t.chain.state.accounts[CounterChain.contract]?.storageUsage
        try t.reopen()
        #expect(await t.storage() == storage)
        #expect(await t.chain.state.accounts[CounterChain.contract]?.storageUsage == usage)
        #expect(try await t.call("increment").returnedText == "15")
        // The history vector kept every total, across the restart too.
        let history = try await t.call("get_history", #"{"index":4}"#)
        #expect(history.returnedText == #"{"index":4,"total":15,"length":5}"#)
    }

    @Test func viewStateAndViewCallsReadCommittedStorage() async throws {
        var t = try await CounterChain()
        defer { t.remove() }
        _ = try await t.call("increment", #"{"by": 7}"#)
        let rpc = DevnetRPC(chain: t.chain)
        let state = try await rpc.query(.object([
            "request_type": .string("view_state"), "account_id": .string(CounterChain.contract), "finality": .string("final"),
            "prefix_base64": .string(Data("c".utf8).base64EncodedString()),
        ])).document
        #expect(state["values"] == .array([.object([
            "key": .string(Data("c".utf8).base64EncodedString()), "value": .string(Data([7, 0, 0, 0, 0, 0, 0, 0]).base64EncodedString()),
            "proof": .array([]),
        ])]))
        let all = try await rpc.query(.object([
            "request_type": .string("view_state"), "account_id": .string(CounterChain.contract), "finality": .string("final"),
        ])).document
        guard case .array(let values) = all["values"] else { throw Failure("view_state without values: \(all)") }
        #expect(values.count == (await t.storage().count))
        let count = try await rpc.query(.object([
            "request_type": .string("call_function"), "account_id": .string(CounterChain.contract), "method_name": .string("get_count"),
            "args_base64": .string(""), "finality": .string("final"),
        ])).document
        #expect(count["result"] == .array(Array("7".utf8).map { .unsigned(UInt64($0)) }))
    }

    @Test func aFailedCallChangesNothingButTheGasPaid() async throws {
        var t = try await CounterChain()
        defer { t.remove() }
        _ = try await t.call("increment")
        let storage = await t.storage()
        let account = try #require(await t.chain.state.accounts[CounterChain.contract])
        let signer = await t.balance("test.near")

        let failed = try await t.call("increment_and_fail", deposit: 3 * CounterChain.oneNear)
        guard case .failure = failed.execution.status else { throw Failure("expected a failure, got \(failed.execution.status)") }
        #expect(await t.storage() == storage)
        #expect(await t.chain.state.accounts[CounterChain.contract] == account)
        // The deposit came back; the gas (conversion, execution and the wasm that ran) is gone.
        let burnt = failed.execution.tokensBurnt
        #expect(failed.execution.receiptOutcome.outcome.gasBurnt > FeeSchedule().gas(of: [.functionCall(FunctionCallAction(
            methodName: "increment_and_fail", args: [], gas: 30_000_000_000_000, deposit: 0))]))
        #expect(await t.balance("test.near") == signer - burnt)
        #expect(try await t.conservedTotal() == t.genesisTotal)
    }

    @Test func contractsSeeTheirAccountAndBlock() async throws {
        var t = try await CounterChain()
        defer { t.remove() }
        _ = try await t.call("increment")
        let account = try #require(await t.chain.state.accounts[CounterChain.contract])
        let deposit: UInt128 = 5 * CounterChain.oneNear
        let context = try await t.call("context", deposit: deposit)
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(try #require(context.returnedText).utf8))
        // account_balance includes the deposit just attached; storage_usage is the account's.
        #expect(json["balance"] == .string(String(account.amount + deposit)))
        #expect(json["deposit"] == .string(String(deposit)))
        #expect(json["locked"] == .string("0"))
        #expect(json["storage_usage"]?.uint64 == account.storageUsage)
        #expect(json["block_index"]?.uint64 == context.header.height)
        #expect(json["block_timestamp"]?.uint64 == context.header.innerLite.timestamp)
        #expect(json["epoch_height"]?.uint64 == t.chain.schedule.epochHeight(ofHeight: context.header.height))
        #expect(json["signer"] == .string("test.near"))
        // The contract keeps the deposit.
        #expect(await t.balance(CounterChain.contract) == account.amount + deposit)
        #expect(try await t.conservedTotal() == t.genesisTotal)
    }

    @Test func deletingTheAccountDeletesItsStorage() async throws {
        var t = try await CounterChain()
        defer { t.remove() }
        _ = try await t.call("increment")
        #expect(await !t.storage().isEmpty)
        let deleted = try await t.execute([.deleteAccount(beneficiaryId: "test.near")], to: CounterChain.contract, signer: CounterChain.contract)
        #expect(deleted.execution.status == .successValue([]))
        #expect(await t.chain.state.data[CounterChain.contract] == nil)
        try t.reopen()
        #expect(await t.chain.state.data[CounterChain.contract] == nil)
        #expect(await t.chain.state.accounts[CounterChain.contract] == nil)
    }
}

extension RPCResult {
    /// The result document of a method that answers with JSON.
    var document: JSONValue {
        get throws {
            guard case .json(let value) = self else { throw Failure("expected a JSON result, got \(self)") }
            return value
        }
    }
}
