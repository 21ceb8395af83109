import Foundation
import Testing
@testable import NearLightClient

/// Published vectors from near-api-js's transaction tests (serialize / sign).
@Suite struct TransactionTests {
    static let blockHash = "244ZQ9cgj3CQ6bWBdytfrJMuMQ1jdXLFGnr4HhvtCTnM"

    @Test func transferLayoutAndSignature() throws {
        let key = try SecretKey("ed25519:3hoMW1HvnRLSFCLZnvPzWeoGwtdHzke34B2cTHM8rhcbG3TbuLKtShTv3DvyejnXKXKBiV7YPkLeqUHN1ghnqpFv")
        #expect(key.publicKey == (try PublicKey("Anu7LYDfpLtkP7E16LT9imXF694BdQaa9ufVkQiwTQxC")))
        #expect(key.publicKey.description == "ed25519:Anu7LYDfpLtkP7E16LT9imXF694BdQaa9ufVkQiwTQxC")
        let tx = Transaction(
            signerId: "test.near", publicKey: key.publicKey, nonce: 1, receiverId: "whatever.near",
            blockHash: try CryptoHash(base58: Self.blockHash), actions: [.transfer(deposit: 1)])
        #expect(Hex.encode(tx.borshBytes) == "09000000746573742e6e65617200917b3d268d4b58f7fec1b150bd68d69be3ee5d4cc39855e341538465bb77860d01000000000000000d00000077686174657665722e6e6561720fa473fd26901df296be6adc4cc4df34d040efa2435224b6986910e630c2fef6010000000301000000000000000000000000000000")
        let signed = try tx.signed(with: key)
        #expect(Data(signed.signature.bytes).base64EncodedString() == "lpqDMyGG7pdV5IOTJVJYBuGJo9LSu0tHYOlEQ+l+HE8i3u7wBZqOlxMQDtpuGRRNp+ig735TmyBwi6HY0CG9AQ==")
        #expect(Hex.encode(signed.borshBytes) == "09000000746573742e6e65617200917b3d268d4b58f7fec1b150bd68d69be3ee5d4cc39855e341538465bb77860d01000000000000000d00000077686174657665722e6e6561720fa473fd26901df296be6adc4cc4df34d040efa2435224b6986910e630c2fef601000000030100000000000000000000000000000000969a83332186ee9755e4839325525806e189a3d2d2bb4b4760e94443e97e1c4f22deeef0059a8e9713100eda6e19144da7e8a0ef7e539b20708ba1d8d021bd01")
        try signed.verify()
        #expect(try SignedTransaction(borsh: signed.borshBytes) == signed)
        #expect(try SignedTransaction(base64: signed.base64) == signed)
    }

    @Test func allActionsLayoutAndHash() throws {
        let key = try SecretKey("ed25519:2wyRcSwSuHtRVmkMCGjPwnzZmQLeXLzLLyED1NDMt4BjnKgQL6tF85yBx6Jr26D2dUNeC716RBoTxntVHsegogYw")
        let pk = key.publicKey
        let tx = Transaction(
            signerId: "test.near", publicKey: pk, nonce: 1, receiverId: "123",
            blockHash: try CryptoHash(base58: Self.blockHash),
            actions: [
                .createAccount,
                .deployContract(code: [1, 2, 3]),
                .functionCall(FunctionCallAction(methodName: "qqq", args: [1, 2, 3], gas: 1000, deposit: 1_000_000)),
                .transfer(deposit: 123),
                .stake(stake: 1_000_000, publicKey: pk),
                .addKey(publicKey: pk, accessKey: AccessKey(nonce: 0, permission: .functionCall(
                    FunctionCallPermission(allowance: nil, receiverId: "zzz", methodNames: ["www"])))),
                .deleteKey(publicKey: pk),
                .deleteAccount(beneficiaryId: "123"),
            ])
        #expect(Hex.encode(tx.borshBytes) == "09000000746573742e6e656172000f56a5f028dfc089ec7c39c1183b321b4d8f89ba5bec9e1762803cc2491f6ef80100000000000000030000003132330fa473fd26901df296be6adc4cc4df34d040efa2435224b6986910e630c2fef608000000000103000000010203020300000071717103000000010203e80300000000000040420f00000000000000000000000000037b0000000000000000000000000000000440420f00000000000000000000000000000f56a5f028dfc089ec7c39c1183b321b4d8f89ba5bec9e1762803cc2491f6ef805000f56a5f028dfc089ec7c39c1183b321b4d8f89ba5bec9e1762803cc2491f6ef800000000000000000000030000007a7a7a010000000300000077777706000f56a5f028dfc089ec7c39c1183b321b4d8f89ba5bec9e1762803cc2491f6ef80703000000313233")
        #expect(tx.hash.base58 == "Fo3MJ9XzKjnKuDuQKhDAC6fra5H2UWawRejFSEpPNk3Y")
        #expect(try Transaction(borsh: tx.borshBytes) == tx)
        let signed = try tx.signed(with: key)
        try signed.verify()
        #expect(try SignedTransaction(borsh: signed.borshBytes) == signed)
    }

    @Test func fullAccessKeyAndAllowanceLayouts() throws {
        let pk = SecretKey.generate().publicKey
        var writer = BorshWriter()
        writer.write(Action.addKey(publicKey: pk, accessKey: .fullAccess))
        #expect(writer.bytes == [5, 0] + pk.bytes + [0, 0, 0, 0, 0, 0, 0, 0, 1])
        let permission = FunctionCallPermission(allowance: 250, receiverId: "a", methodNames: [])
        #expect(permission.borshBytes == [1, 250] + [UInt8](repeating: 0, count: 15) + [1, 0, 0, 0, 0x61, 0, 0, 0, 0])
        #expect(try FunctionCallPermission(borsh: permission.borshBytes) == permission)
    }

    @Test func tamperedSignedTransactionFails() throws {
        let key = SecretKey.generate()
        let tx = Transaction(
            signerId: "alice.test", publicKey: key.publicKey, nonce: 7, receiverId: "bob.test",
            blockHash: .zero, actions: [.transfer(deposit: 10)])
        var signed = try tx.signed(with: key)
        try signed.verify()
        signed.transaction.actions = [.transfer(deposit: 11)]
        #expect(throws: TransactionError.self) { try signed.verify() }
        #expect(throws: TransactionError.self) { try tx.signed(with: SecretKey.generate()) }
    }

    @Test func keyStrings() throws {
        let key = SecretKey.generate()
        let again = try SecretKey(key.nearString)
        #expect(again.publicKey == key.publicKey)
        #expect(key.nearString.hasPrefix("ed25519:"))
        #expect(try PublicKey(key.publicKey.description) == key.publicKey)
        #expect(throws: NearEncodingError.unsupportedKeyType("secp256k1")) {
            _ = try PublicKey("secp256k1:Anu7LYDfpLtkP7E16LT9imXF694BdQaa9ufVkQiwTQxC")
        }
        #expect(throws: NearEncodingError.self) { _ = try PublicKey("ed25519:Anu7LYDfpLtkP7E16LT9imXF694BdQaa9ufV") }
        #expect(throws: NearEncodingError.self) { _ = try PublicKey("ed25519:0nu7LYDfpLtkP7E16LT9imXF694BdQaa9ufVkQiwTQxC") }
        // A 64-byte secret whose public half belongs to another key is refused.
        let other = SecretKey.generate()
        let seedPart = Array(try Base58.decode(String(key.nearString.dropFirst(8))).prefix(32))
        #expect(throws: NearEncodingError.keyPairMismatch) {
            _ = try SecretKey("ed25519:" + Base58.encode(seedPart + other.publicKey.bytes))
        }
        let sig = try key.sign([1, 2, 3])
        #expect(key.publicKey.verify(sig, for: [1, 2, 3]))
        #expect(!key.publicKey.verify(sig, for: [1, 2, 4]))
        #expect(try Signature(sig.description) == sig)
    }
}

@Suite struct AccountTests {
    @Test func accountIdRules() {
        for good in ["ab", "alice.near", "a-b_c.d", "98793cd91a3f870fb126f66285808c7e094afcfc4eda8a970f6648cdf0dbd6de", "0x.near"] {
            #expect(AccountId.isValid(good), "\(good)")
        }
        for bad in ["a", "", "Alice.near", ".near", "near.", "a..b", "a-.b", "a b", String(repeating: "a", count: 65), "ü.near"] {
            #expect(!AccountId.isValid(bad), "\(bad)")
        }
    }

    @Test func keyFileRoundTripAndMismatch() throws {
        let file = KeyFile(accountId: "alice.test", secretKey: .generate())
        let json = try JSONEncoder().encode(file)
        let again = try JSONDecoder().decode(KeyFile.self, from: json)
        #expect(again.publicKey == file.publicKey && again.accountId == "alice.test")
        let other = SecretKey.generate().publicKey
        let forged = #"{"account_id":"a.test","public_key":"\#(other)","private_key":"\#(file.secretKey.nearString)"}"#
        #expect(throws: DecodingError.self) { _ = try JSONDecoder().decode(KeyFile.self, from: Data(forged.utf8)) }
    }
}
