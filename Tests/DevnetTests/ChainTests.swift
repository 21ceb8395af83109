import Foundation
import NearLightClient
import Testing
@testable import Devnet

@Suite struct ChainTests {
    @Test func transferCreateAccountAndConservation() async throws {
        let t = try TestChain()
        let newKey = SecretKey.generate()
        let create = try await t.transaction(nonce: 1, to: "alice.test.near", [
            .createAccount, .addKey(publicKey: newKey.publicKey, accessKey: .fullAccess), .transfer(deposit: 5 * TestChain.oneNear),
        ])
        let created = try await t.execute(create)
        #expect(created.execution.status == .successValue([]))
        #expect(created.execution.transactionOutcome.outcome.status == .successReceiptId(created.execution.receiptId))
        #expect(created.execution.receiptOutcome.outcome.executorId == "alice.test.near")
        let alice = try require(await t.chain.state.accounts["alice.test.near"])
        #expect(alice.amount == 5 * TestChain.oneNear)
        // NEAR's storage accounting: 100 bytes of account and 82 for one full-access ed25519 key.
        #expect(alice.storageUsage == 182)
        #expect(await t.chain.state.accessKey("alice.test.near", newKey.publicKey) != nil)

        // The new key can sign; its nonce starts at (height - 1) * 1e6 as on NEAR.
        let keyNonce = try require(await t.chain.state.accessKey("alice.test.near", newKey.publicKey)).nonce
        let back = try await t.transaction(nonce: keyNonce + 1, to: "test.near", [.transfer(deposit: TestChain.oneNear)], signer: "alice.test.near", key: newKey)
        let sent = try await t.execute(back)
        #expect(sent.execution.status == .successValue([]))
        let fee = sent.execution.transactionOutcome.outcome.tokensBurnt + sent.execution.receiptOutcome.outcome.tokensBurnt
        #expect(await t.chain.state.accounts["alice.test.near"]?.amount == 4 * TestChain.oneNear - fee)
        #expect(sent.execution.transactionOutcome.outcome.gasBurnt == 223_182_562_500)
        #expect(try await t.conservedTotal() == t.genesisTotal)
    }

    @Test func invalidTransactionsAreRefusedWithNearErrors() async throws {
        let t = try TestChain()
        let ok = try await t.transaction(nonce: 5, to: "node0.near", [.transfer(deposit: 1)])
        _ = try await t.execute(ok)

        let stale = try await t.transaction(nonce: 5, to: "node0.near", [.transfer(deposit: 2)])
        await #expect(throws: InvalidTxError.invalidNonce(txNonce: 5, akNonce: 5)) { try await t.chain.submit(stale) }

        var forged = try await t.transaction(nonce: 6, to: "node0.near", [.transfer(deposit: 1)])
        forged.transaction.nonce = 7
        await #expect(throws: InvalidTxError.invalidSignature) { try await t.chain.submit(forged) }

        let stranger = SecretKey.generate()
        let unknown = try await t.transaction(nonce: 1, to: "node0.near", [.transfer(deposit: 1)], signer: "nobody.near", key: stranger)
        await #expect(throws: InvalidTxError.signerDoesNotExist("nobody.near")) { try await t.chain.submit(unknown) }

        let wrongKey = try await t.transaction(nonce: 6, to: "node0.near", [.transfer(deposit: 1)], key: stranger)
        await #expect(throws: InvalidTxError.accessKeyNotFound(account: "test.near", publicKey: stranger.publicKey)) { try await t.chain.submit(wrongKey) }

        let tooMuch = try await t.transaction(nonce: 6, to: "node0.near", [.transfer(deposit: UInt128.max / 2)])
        await #expect {
            try await t.chain.submit(tooMuch)
        } throws: { error in
            if case .notEnoughBalance(let signer, _, _) = error as? InvalidTxError { return signer == "test.near" }
            return false
        }

        var expired = try await t.transaction(nonce: 6, to: "node0.near", [.transfer(deposit: 1)])
        expired.transaction.blockHash = CryptoHash.hash([1, 2, 3])
        expired = try expired.transaction.signed(with: t.key)
        await #expect(throws: InvalidTxError.invalidChain) { try await t.chain.submit(expired) }
    }

    @Test func failingActionsRevertAndReportNearShapedFailures() async throws {
        let t = try TestChain()
        let before = try require(await t.chain.state.accounts["test.near"]).amount
        // Transfer to a missing account: the deposit comes back, the gas is burnt.
        let missing = try await t.execute(try await t.transaction(nonce: 1, to: "ghost.near", [.transfer(deposit: TestChain.oneNear)]))
        guard case .failure(let failure) = missing.execution.status else { Issue.record("expected a failure"); return }
        #expect(failure == .object(["ActionError": .object(["index": .unsigned(0), "kind": .object(["AccountDoesNotExist": .object(["account_id": .string("ghost.near")])])])]))
        let burnt = missing.execution.transactionOutcome.outcome.tokensBurnt + missing.execution.receiptOutcome.outcome.tokensBurnt
        #expect(await t.chain.state.accounts["test.near"]?.amount == before - burnt)

        // Only a parent creates its sub-accounts.
        let foreign = try await t.execute(try await t.transaction(nonce: 2, to: "x.node1.near", [.createAccount]))
        #expect("\(foreign.execution.status)".contains("CreateAccountNotAllowed"))

        // Deploy stores the code, its hash and its bytes in storage_usage; the chain runs it with
        // WasmKit by default, so calling a method the (empty) module lacks fails as NEAR does.
        let code: [UInt8] = [0, 97, 115, 109, 1, 0, 0, 0]
        let usage = try require(await t.chain.state.accounts["test.near"]).storageUsage
        let deployed = try await t.execute(try await t.transaction(nonce: 3, to: "test.near", [.deployContract(code: code)]))
        #expect(deployed.execution.status == .successValue([]))
        #expect(await t.chain.state.accounts["test.near"]?.codeHash == CryptoHash.hash(code))
        #expect(await t.chain.state.accounts["test.near"]?.storageUsage == usage + UInt64(code.count))
        #expect(await t.chain.state.code["test.near"] == code)
        let call = try await t.execute(try await t.transaction(nonce: 4, to: "test.near", [
            .functionCall(FunctionCallAction(methodName: "hello", args: [], gas: 30_000_000_000_000, deposit: 7)),
        ]))
        #expect(call.execution.status == .failure(.object(["ActionError": .object([
            "index": .unsigned(0),
            "kind": .object(["FunctionCallError": .object(["MethodResolveError": .string("MethodNotFound")])]),
        ])])))
        #expect(try await t.conservedTotal() == t.genesisTotal)
    }

    @Test func restartKeepsBlocksAndState() async throws {
        let t = try TestChain()
        for nonce in 1...3 {
            _ = try await t.execute(try await t.transaction(nonce: UInt64(nonce), to: "node0.near", [.transfer(deposit: 10)]))
        }
        let head = await t.chain.head
        let state = await t.chain.state.accounts
        let reopened = try Chain(directory: t.directory, genesis: nil)
        #expect(await reopened.head == head)
        #expect(await reopened.state.accounts == state)
        #expect(await reopened.state.accessKey("test.near", t.key.publicKey)?.nonce == 3)
        // Another genesis for the same directory is refused.
        let other = Genesis.makeDefault().genesis
        #expect(throws: ChainError.self) { try Chain(directory: t.directory, genesis: other) }
    }
}
