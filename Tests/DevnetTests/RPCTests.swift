import Foundation
import NearLightClient
import Testing
@testable import Devnet

@Suite struct RPCTests {
    @Test func viewsAndErrorsHaveNearsShapes() async throws {
        try await withDevnet { t, rpc in
            let status = try await rpc.json("status", "[]")
            #expect(status["result"]?["chain_id"] == .string("dcml-devnet"))
            #expect(status["result"]?["sync_info"]?["latest_block_height"]?.uint64 == 0)

            let account = try await rpc.json("query", #"{"request_type":"view_account","finality":"final","account_id":"test.near"}"#)
            #expect(account["result"]?["amount"] == .string(String(t.genesis.accounts[0].amount)))
            #expect(account["result"]?["block_height"]?.uint64 == 0)
            let legacy = try await rpc.json("query", #"["account/test.near", ""]"#)
            #expect(legacy["result"]?["amount"] == account["result"]?["amount"])

            let key = try await rpc.json("query", #"{"request_type":"view_access_key","finality":"optimistic","account_id":"test.near","public_key":"\#(t.key.publicKey)"}"#)
            #expect(key["result"]?["permission"] == .string("FullAccess"))
            #expect(key["result"]?["nonce"]?.uint64 == 0)
            let keys = try await rpc.json("query", #"{"request_type":"view_access_key_list","finality":"final","account_id":"test.near"}"#)
            #expect(keys["result"]?["keys"]?[0]?["public_key"] == .string(t.key.publicKey.description))

            let unknown = try await rpc.json("query", #"{"request_type":"view_account","finality":"final","account_id":"nobody.near"}"#)
            #expect(unknown["error"]?["name"] == .string("HANDLER_ERROR"))
            #expect(unknown["error"]?["cause"]?["name"] == .string("UNKNOWN_ACCOUNT"))
            #expect(unknown["error"]?["cause"]?["info"]?["requested_account_id"] == .string("nobody.near"))
            #expect(unknown["error"]?["code"]?.uint64 == nil)
            #expect(unknown["error"]?["message"] == .string("Server error"))

            let noCode = try await rpc.json("query", #"{"request_type":"call_function","finality":"final","account_id":"test.near","method_name":"x","args_base64":""}"#)
            #expect(noCode["error"]?["cause"]?["name"] == .string("NO_CONTRACT_CODE"))

            let (status404, missing) = try await rpc.raw("no_such_method", "[]")
            #expect(status404 == 400)
            let missingJSON = try JSONDecoder().decode(JSONValue.self, from: Data(missing))
            #expect(missingJSON["error"]?["cause"]?["name"] == .string("METHOD_NOT_FOUND"))
            #expect(missingJSON["error"]?["code"] == .integer(-32601))

            let gas = try await rpc.json("gas_price", "[null]")
            #expect(gas["result"]?["gas_price"] == .string("100000000"))
            let block = try await rpc.json("block", #"{"block_id":0}"#)
            #expect(block["result"]?["header"]?["hash"] == .string(await t.chain.genesisHash.base58))
            let byHash = try await rpc.json("block", #"["\#(await t.chain.genesisHash.base58)"]"#)
            #expect(byHash["result"]?["header"]?["height"]?.uint64 == 0)
        }
    }

    @Test func commitTxStatusAndProofsVerify() async throws {
        try await withDevnet { t, rpc in
            let signed = try await t.transaction(nonce: 1, to: "node2.near", [.transfer(deposit: 42)])
            let committed = try await rpc.json("broadcast_tx_commit", #"["\#(signed.base64)"]"#)
            #expect(committed["result"]?["status"] == .object(["SuccessValue": .string("")]))
            #expect(committed["result"]?["transaction"]?["hash"] == .string(signed.hash.base58))
            #expect(committed["result"]?["transaction"]?["actions"]?[0] == .object(["Transfer": .object(["deposit": .string("42")])]))
            #expect(committed["result"]?["transaction_outcome"]?["outcome"]?["gas_burnt"]?.uint64 == 223_182_562_500)

            // Replaying the same nonce is an INVALID_TRANSACTION with NEAR's InvalidNonce.
            let again = try await t.transaction(nonce: 1, to: "node2.near", [.transfer(deposit: 43)])
            let refused = try await rpc.json("broadcast_tx_commit", #"["\#(again.base64)"]"#)
            #expect(refused["error"]?["cause"]?["name"] == .string("INVALID_TRANSACTION"))
            #expect(refused["error"]?["data"]?["TxExecutionError"]?["InvalidTxError"]?["InvalidNonce"]?["ak_nonce"]?.uint64 == 1)

            let asyncTx = try await t.transaction(nonce: 2, to: "node2.near", [.transfer(deposit: 7)])
            let hash = try await rpc.json("broadcast_tx_async", #"["\#(asyncTx.base64)"]"#)
            #expect(hash["result"] == .string(asyncTx.hash.base58))
            let status = try await rpc.json("tx", #"{"tx_hash":"\#(asyncTx.hash.base58)","sender_account_id":"test.near","wait_until":"FINAL"}"#)
            #expect(status["result"]?["status"] == .object(["SuccessValue": .string("")]))
            let experimental = try await rpc.json("EXPERIMENTAL_tx_status", #"["\#(asyncTx.hash.base58)", "test.near"]"#)
            #expect(experimental["result"]?["receipts"]?[0]?["receiver_id"] == .string("node2.near"))
            let unknown = try await rpc.json("tx", #"["\#(CryptoHash.hash([9]).base58)", "test.near"]"#)
            #expect(unknown["error"]?["cause"]?["name"] == .string("UNKNOWN_TRANSACTION"))

            // Two more blocks make the transactions' blocks final; a light client catches up
            // over RPC and checks proofs served over RPC.
            _ = try await rpc.json("sandbox_fast_forward", #"{"delta_height": 3}"#)
            let genesisBlock = try require(await t.chain.lightClientBlock(height: 0))
            var client = LightClientState(trusting: genesisBlock, currentBlockProducers: t.chain.blockProducers)
            while true {
                let next = try await rpc.json("next_light_client_block", #"{"last_block_hash":"\#(client.headHash.base58)"}"#)
                if next["result"] == .null { break }
                let block = try await rpc.result(LightClientBlock.self, "next_light_client_block", #"["\#(client.headHash.base58)"]"#)
                try client.advance(to: block)
            }
            for method in ["EXPERIMENTAL_light_client_proof", "light_client_proof"] {
                let proof = try await rpc.result(LightClientExecutionProof.self, method,
                    #"{"type":"transaction","transaction_hash":"\#(signed.hash.base58)","sender_id":"test.near","light_client_head":"\#(client.headHash.base58)"}"#)
                _ = try proof.verify(blockMerkleRoot: client.head.blockMerkleRoot)
            }
            let receiptId = try require(try await t.chain.transaction(asyncTx.hash)).execution.receiptId
            let receiptProof = try await rpc.result(LightClientExecutionProof.self, "EXPERIMENTAL_light_client_proof",
                #"{"type":"receipt","receipt_id":"\#(receiptId.base58)","receiver_id":"node2.near","light_client_head":"\#(client.headHash.base58)"}"#)
            _ = try receiptProof.verify(blockMerkleRoot: client.head.blockMerkleRoot)

            let tooEarly = try await rpc.json("EXPERIMENTAL_light_client_proof",
                #"{"type":"transaction","transaction_hash":"\#(signed.hash.base58)","sender_id":"test.near","light_client_head":"\#(await t.chain.genesisHash.base58)"}"#)
            #expect(tooEarly["error"]?["cause"]?["name"] == .string("NOT_CONFIRMED"))
        }
    }
}
