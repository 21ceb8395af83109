import Foundation
import NearLightClient
import Testing
@testable import Devnet

/// A contract's transfer promises become receipts as on NEAR: listed in the call's outcome,
/// executed with their own outcomes in the block's outcome tree, moving the contract's tokens,
/// failing (and refunding the contract) when the receiver does not exist.
@Suite struct ContractPromisesOnChainTests {
    @Test func aTransferPromiseBecomesAProvableReceipt() async throws {
        var t = try await CounterChain()
        defer { t.remove() }
        let contractBefore = await t.balance(CounterChain.contract)
        let signerBefore = await t.balance("test.near")
        let amount: UInt128 = 2 * CounterChain.oneNear
        let deposit: UInt128 = 1_000

        let tipped = try await t.call("tip_back", #"{"amount":"\#(amount)"}"#, deposit: deposit)
        let execution = tipped.execution
        #expect(execution.promiseReceipts.count == 1)
        let transfer = try #require(execution.promiseReceipts.first)
        // The call's outcome names the new receipt and, through promise_return, takes its result.
        #expect(execution.receiptOutcome.outcome.receiptIds == [transfer.outcome.id])
        #expect(execution.receiptOutcome.outcome.status == .successReceiptId(transfer.outcome.id))
        #expect(transfer.outcome.outcome.executorId == "test.near")
        #expect(transfer.outcome.outcome.status == .successValue([]))
        #expect(transfer.outcome.outcome.gasBurnt == 223_182_562_500)
        #expect(transfer.predecessorId == CounterChain.contract)
        #expect(transfer.actions == [.transfer(deposit: amount)])
        #expect(execution.status == .successValue([]))

        // The tokens moved; nothing was created or lost.
        #expect(await t.balance(CounterChain.contract) == contractBefore + deposit - amount)
        #expect(await t.balance("test.near") == signerBefore - deposit + amount - execution.tokensBurnt)
        #expect(try await t.conservedTotal() == t.genesisTotal)

        // The receipt's outcome is a leaf of the block's outcome tree: provable to a light client.
        try await t.chain.produceBlocks(3)
        let head = await t.chain.head
        for (id, receiver) in [(transfer.outcome.id, "test.near"), (execution.receiptId, CounterChain.contract)] {
            let proof = try await t.chain.lightClientProof(.receipt(id: id, receiverId: receiver), head: head.hash)
            #expect(proof.outcomeProof.id == id)
            _ = try proof.verify(blockMerkleRoot: head.innerLite.blockMerkleRoot)
        }
        let chain = t.chain
        await #expect(throws: ChainError.unknownReceipt(transfer.outcome.id)) {
            try await chain.lightClientProof(.receipt(id: transfer.outcome.id, receiverId: CounterChain.contract), head: head.hash)
        }

        // A restart reads the receipts back from the stored block.
        try t.reopen()
        #expect(try await t.chain.transaction(tipped.transaction.hash)?.execution == execution)
        #expect(try await t.chain.receipt(transfer.outcome.id)?.index == tipped.index)
    }

    @Test func aTransferToAMissingAccountFailsAndRefundsTheContract() async throws {
        var t = try await CounterChain()
        defer { t.remove() }
        let contractBefore = await t.balance(CounterChain.contract)
        let paid = try await t.call("pay", #"{"to":"ghost.near","amount":"\#(CounterChain.oneNear)"}"#)
        let execution = paid.execution
        // The call itself succeeded; its receipt failed on its own, as on NEAR.
        #expect(execution.receiptOutcome.outcome.status == .successValue([]))
        #expect(execution.status == .successValue([]))
        let transfer = try #require(execution.promiseReceipts.first)
        #expect(transfer.outcome.outcome.status == .failure(.object(["ActionError": .object([
            "index": .unsigned(0), "kind": .object(["AccountDoesNotExist": .object(["account_id": .string("ghost.near")])]),
        ])])))
        #expect(await t.chain.state.accounts["ghost.near"] == nil)
        #expect(await t.balance(CounterChain.contract) == contractBefore)
        #expect(try await t.conservedTotal() == t.genesisTotal)
    }

    @Test func aFailedReceiptDropsThePromisesOfItsEarlierCalls() async throws {
        var t = try await CounterChain()
        defer { t.remove() }
        let contractBefore = await t.balance(CounterChain.contract)
        let storage = await t.storage()
        // One receipt, two calls: the first promises a transfer, the second panics. NEAR undoes
        // the whole receipt, so the promise never becomes a receipt and the tokens stay.
        let failed = try await t.execute([
            .functionCall(FunctionCallAction(methodName: "pay", args: Array(#"{"to":"test.near","amount":"\#(CounterChain.oneNear)"}"#.utf8), gas: 30_000_000_000_000, deposit: 0)),
            .functionCall(FunctionCallAction(methodName: "increment_and_fail", args: [], gas: 30_000_000_000_000, deposit: 0)),
        ], to: CounterChain.contract)
        guard case .failure = failed.execution.status else { throw Failure("expected a failure, got \(failed.execution.status)") }
        #expect(failed.execution.promiseReceipts.isEmpty)
        #expect(failed.execution.receiptOutcome.outcome.receiptIds.isEmpty)
        #expect(await t.balance(CounterChain.contract) == contractBefore)
        #expect(await t.storage() == storage)
        #expect(try await t.conservedTotal() == t.genesisTotal)
    }
}
