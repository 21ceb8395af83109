import DCMLClient
import Foundation
import NearLightClient
import Testing

@Suite struct ChainSignerTests {
    @Test func transfersMoveExactlyAmountPlusFeeAndNoncesCountUp() async throws {
        try await ChainDevnet.run { devnet in
            var signer = try devnet.signer()
            let before = try await devnet.rpc.viewAccount("test.near").amount
            let receiverBefore = try await devnet.rpc.viewAccount("node2.near").amount
            let amount = try YoctoNear.parse(near: "1.5")
            let first = try await signer.transfer(amount, to: "node2.near")
            #expect(first.status == .successValue([]))
            #expect(signer.lastNonce == 1)
            let second = try await signer.transfer(1, to: "node2.near")
            #expect(signer.lastNonce == 2)
            #expect(try await devnet.rpc.viewAccessKey("test.near", publicKey: signer.publicKey).nonce == 2)

            let after = try await devnet.rpc.viewAccount("test.near", at: .optimistic).amount
            #expect(before - after == amount + 1 + first.tokensBurnt + second.tokensBurnt)
            #expect(first.tokensBurnt == UInt128(first.gasBurnt) * 100_000_000)
            #expect(try await devnet.rpc.viewAccount("node2.near", at: .optimistic).amount - receiverBefore == amount + 1)
        }
    }

    @Test func refusedSendRereadsTheNonce() async throws {
        try await ChainDevnet.run { devnet in
            var signer = try devnet.signer()
            try await signer.transfer(1, to: "node1.near")
            // Another client uses the same key: this signer's local nonce is now stale.
            var other = try devnet.signer()
            try await other.transfer(1, to: "node1.near")
            let refused = await #expect(throws: NearRPCClientError.self) { try await signer.transfer(1, to: "node1.near") }
            #expect(refused?.cause == "INVALID_TRANSACTION")
            #expect("\(refused!)".contains("InvalidNonce"))
            #expect(signer.lastNonce == nil)
            #expect(try await signer.transfer(1, to: "node1.near").status.isSuccess)
            #expect(signer.lastNonce == 3)
        }
    }

    @Test func createsAnAccountWithItsOwnKey() async throws {
        try await ChainDevnet.run { devnet in
            var signer = try devnet.signer()
            let key = SecretKey.generate()
            let created = try await signer.createAccount("app.test.near", publicKey: key.publicKey, initialBalance: 2 * ChainDevnet.oneNear)
            #expect(created.status.isSuccess, "\(created.status.summary)")
            let account = try await devnet.rpc.viewAccount("app.test.near", at: .optimistic)
            #expect(account.amount == 2 * ChainDevnet.oneNear)
            let keys = try await devnet.rpc.viewAccessKeyList("app.test.near", at: .optimistic)
            #expect(keys.map(\.publicKey) == [key.publicKey])
            #expect(keys.first?.accessKey.permission == .fullAccess)

            // The new account signs for itself.
            var app = try NearSigner(rpc: devnet.rpc, keyFile: KeyFile(accountId: "app.test.near", secretKey: key))
            #expect(try await app.transfer(ChainDevnet.oneNear / 2, to: "test.near").status.isSuccess)
            let again = try await signer.createAccount("app.test.near", publicKey: key.publicKey, initialBalance: 1)
            guard case .failure(let failure) = again.status else { Issue.record("recreating an account must fail"); return }
            #expect(failure.compactJSONText.contains("AccountAlreadyExists"), "\(failure)")
        }
    }
}

extension JSONValue {
    var compactJSONText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
