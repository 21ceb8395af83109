import DCMLClient
import Foundation
import NearLightClient
import Testing

@Suite struct ChainRPCClientTests {
    @Test func readsNodeBlocksAccountsAndKeys() async throws {
        try await ChainDevnet.run { devnet in
            let rpc = devnet.rpc
            let status = try await rpc.status()
            #expect(status.chainId == "dcml-devnet")

            let genesis = try await rpc.block(.height(0))
            #expect(genesis.height == 0)
            let byHash = try await rpc.block(.hash(genesis.hash))
            #expect(byHash == genesis)
            let final = try await rpc.block(.final)
            #expect(final.height <= (try await rpc.block(.optimistic)).height)
            #expect(try await rpc.gasPrice() == 100_000_000)
            #expect(try await rpc.gasPrice(at: .height(0)) == 100_000_000)

            let account = try await rpc.viewAccount("test.near")
            #expect(account.amount == 1_000_000_000 * ChainDevnet.oneNear)
            #expect(account.codeHash == .zero)
            let key = try await rpc.viewAccessKey("test.near", publicKey: devnet.testKey.publicKey)
            #expect(key.nonce == 0)
            #expect(key.permission == .fullAccess)
            let keys = try await rpc.viewAccessKeyList("test.near")
            #expect(keys.map(\.publicKey) == [devnet.testKey.publicKey])
            #expect(try await rpc.currentValidators().count == 4)
        }
    }

    @Test func errorEnvelopesNameTheirCause() async throws {
        try await ChainDevnet.run { devnet in
            let error = await #expect(throws: NearRPCClientError.self) { try await devnet.rpc.viewAccount("nobody.near") }
            #expect(error?.cause == "UNKNOWN_ACCOUNT")
            #expect("\(error!)" == "NEAR RPC query view_account failed: UNKNOWN_ACCOUNT in HANDLER_ERROR: account nobody.near does not exist while viewing")
            let noCode = await #expect(throws: NearRPCClientError.self) { try await devnet.rpc.callFunction("test.near", method: "get_count") }
            #expect(noCode?.cause == "NO_CONTRACT_CODE")
            let noBlock = await #expect(throws: NearRPCClientError.self) { try await devnet.rpc.block(.height(1_000_000)) }
            #expect(noBlock?.cause == "UNKNOWN_BLOCK")
            let unknownTx = await #expect(throws: NearRPCClientError.self) {
                try await devnet.rpc.txStatus(CryptoHash.hash([1]), sender: "test.near", wait: .none)
            }
            #expect(unknownTx?.cause == "UNKNOWN_TRANSACTION")
            #expect(throws: NearRPCClientError.badURL("ftp://x")) { try NearRPCClient(url: "ftp://x") }
            let closed = await #expect(throws: NearRPCClientError.self) { try await NearRPCClient(url: "http://127.0.0.1:1", timeout: .seconds(2)).status() }
            guard case .transport? = closed else { Issue.record("expected a transport error, got \(String(describing: closed))"); return }
        }
    }

    @Test func asyncBroadcastThenStatus() async throws {
        try await ChainDevnet.run { devnet in
            var signer = try devnet.signer()
            let signed = try await signer.sign([.transfer(deposit: 7)], to: "node1.near")
            let hash = try await devnet.rpc.broadcastTxAsync(signed)
            #expect(hash == signed.hash)
            let outcome = try await devnet.rpc.txStatus(hash, sender: "test.near", wait: .final)
            #expect(outcome.status == .successValue([]))
            #expect(outcome.transactionHash == hash)
            #expect(outcome.receiverId == "node1.near")
            #expect(outcome.transactionOutcome.outcome.receiptIds == outcome.receiptsOutcome.map(\.id))
        }
    }

    @Test func amountsConvertExactly() throws {
        #expect(try YoctoNear.parse(near: "1.5") == 1_500_000_000_000_000_000_000_000)
        #expect(try YoctoNear.parse(near: "0.000000000000000000000001") == 1)
        #expect(try YoctoNear.parse(near: "340282366920938.463463374607431768211455") == UInt128.max)
        #expect(try YoctoNear.parse(near: "12") == 12 * ChainDevnet.oneNear)
        #expect(try YoctoNear.parse(near: ".5") == ChainDevnet.oneNear / 2)
        for bad in ["", ".", "1.2.3", "-1", "1e3", "0.0000000000000000000000001", "340282366920938.463463374607431768211456", " 1"] {
            #expect(throws: YoctoNearError.self, "\(bad)") { try YoctoNear.parse(near: bad) }
        }
        #expect(YoctoNear.format(1_500_000_000_000_000_000_000_000) == "1.5")
        #expect(YoctoNear.format(1) == "0.000000000000000000000001")
        #expect(YoctoNear.format(UInt128.max) == "340282366920938.463463374607431768211455")
        #expect(YoctoNear.format(0) == "0")
    }
}
