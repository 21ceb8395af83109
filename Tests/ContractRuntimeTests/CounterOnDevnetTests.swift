import Foundation
import NearLightClient
import Testing
@testable import Devnet

/// The counter deployed and called on the devnet through NEAR's JSON-RPC and signed borsh
/// transactions, and its outcomes proven to a light client that follows the chain over RPC.
@Suite struct CounterOnDevnetTests {
    @Test func deployCallFailAndViewThroughRPC() async throws {
        try await withContractDevnet { devnet in
            let code = try CounterWasm.code()
            let deployed = try await devnet.send(1, [.deployContract(code: code)]).response
            #expect(deployed["result"]?["status"] == .object(["SuccessValue": .string("")]), "deploy: \(deployed)")
            let viewCode = try await devnet.rpc("query", #"{"request_type":"view_code","account_id":"test.near","finality":"final"}"#)
            #expect(viewCode["result"]?["hash"] == .string(CryptoHash.hash(code).base58))

            let call = FunctionCallAction(methodName: "increment", args: Array(#"{"by":5}"#.utf8), gas: 30_000_000_000_000, deposit: 0)
            let incremented = try await devnet.send(2, [.functionCall(call)]).response
            #expect(incremented["result"]?["status"] == .object(["SuccessValue": .string(Data("5".utf8).base64EncodedString())]), "increment: \(incremented)")
            #expect(incremented["result"]?["receipts_outcome"]?[0]?["outcome"]?["logs"] == .array([.string("incremented")]))

            let failing = FunctionCallAction(methodName: "increment_and_fail", args: [], gas: 30_000_000_000_000, deposit: 0)
            let failed = try await devnet.send(3, [.functionCall(failing)]).response
            let failure = failed["result"]?["status"]?["Failure"]?["ActionError"]?["kind"]?["FunctionCallError"]
            #expect(failure == .object(["ExecutionError": .string("Smart contract panicked: deliberate failure")]), "failure: \(failed)")
            #expect(failed["result"]?["receipts_outcome"]?[0]?["outcome"]?["logs"] == .array([.string("about to fail")]))

            // The committed storage: the failed call's write is not there.
            let count = try await devnet.rpc("query", #"{"request_type":"call_function","account_id":"test.near","method_name":"get_count","args_base64":"","finality":"final"}"#)
            #expect(count["result"]?["result"] == .array(Array("5".utf8).map { .integer(Int64($0)) }), "view: \(count)")
            let state = try await devnet.rpc("query", #"{"request_type":"view_state","account_id":"test.near","prefix_base64":"Yw==","finality":"final"}"#)
            #expect(state["result"]?["values"]?[0]?["value"] == .string(Data([5, 0, 0, 0, 0, 0, 0, 0]).base64EncodedString()), "view_state: \(state)")

            let view = try await devnet.rpc("query", #"{"request_type":"call_function","account_id":"test.near","method_name":"context","args_base64":"","finality":"final"}"#)
            // View calls may not read the caller: NEAR's ProhibitedInView, reported as a query error.
            #expect("\(view)".contains("signer_account_id is not allowed in view calls"), "view: \(view)")
            let hashed = try await devnet.rpc("query", #"{"request_type":"call_function","account_id":"test.near","method_name":"hash","args_base64":"AAAAAA==","finality":"final"}"#)
            // `hash` takes borsh `Vec<u8>` (here empty) and returns the sha256: NEAR's view result is a byte array.
            let expected = CryptoHash.hash([]).bytes.map { JSONValue.integer(Int64($0)) }
            #expect(hashed["result"]?["result"] == .array(expected), "view: \(hashed)")
        }
    }

    @Test func contractCallOutcomesProveToALightClient() async throws {
        try await withContractDevnet { devnet in
            _ = try await devnet.send(1, [.deployContract(code: try CounterWasm.code())])
            let call = FunctionCallAction(methodName: "increment", args: [], gas: 30_000_000_000_000, deposit: 0)
            let (incrementHash, incremented) = try await devnet.send(2, [.functionCall(call)])
            #expect(incremented["result"]?["status"] == .object(["SuccessValue": .string(Data("1".utf8).base64EncodedString())]))
            // A transfer promise: the tx RPC lists both receipts' outcomes, and the status is the
            // transfer's result, reached through the call's SuccessReceiptId.
            let tip = FunctionCallAction(methodName: "tip_back", args: Array(#"{"amount":"1000"}"#.utf8), gas: 30_000_000_000_000, deposit: 0)
            let (tipHash, tipped) = try await devnet.send(3, [.functionCall(tip)])
            #expect(tipped["result"]?["status"] == .object(["SuccessValue": .string("")]), "tip_back: \(tipped)")
            let receipts = tipped["result"]?["receipts_outcome"]
            let transferId = try #require(receipts?[1]?["id"]?.string)
            #expect(receipts?[0]?["outcome"]?["receipt_ids"] == .array([.string(transferId)]))
            #expect(receipts?[0]?["outcome"]?["status"] == .object(["SuccessReceiptId": .string(transferId)]))
            #expect(receipts?[1]?["outcome"]?["executor_id"] == .string("test.near"))
            let status = try await devnet.rpc("EXPERIMENTAL_tx_status", #"["\#(tipHash.base58)", "test.near"]"#)
            #expect(status["result"]?["receipts"]?[1]?["receipt"]?["Action"]?["actions"] == .array([.object(["Transfer": .object(["deposit": .string("1000")])])]))
            #expect(status["result"]?["receipts"]?[1]?["predecessor_id"] == .string("test.near"))

            // A light client trusting genesis follows the chain over RPC past those blocks.
            _ = try await devnet.rpc("sandbox_fast_forward", #"{"delta_height": 3}"#)
            let genesisBlock = try #require(await devnet.chain.lightClientBlock(height: 0))
            var client = LightClientState(trusting: genesisBlock, currentBlockProducers: devnet.chain.blockProducers)
            while try await devnet.rpc("next_light_client_block", #"["\#(client.headHash.base58)"]"#)["result"] != .null {
                try client.advance(to: try await devnet.result(LightClientBlock.self, "next_light_client_block", #"["\#(client.headHash.base58)"]"#))
            }
            let head = client.headHash.base58
            let incrementProof = try await devnet.result(LightClientExecutionProof.self, "EXPERIMENTAL_light_client_proof",
                #"{"type":"transaction","transaction_hash":"\#(incrementHash.base58)","sender_id":"test.near","light_client_head":"\#(head)"}"#)
            _ = try incrementProof.verify(blockMerkleRoot: client.head.blockMerkleRoot)
            let callReceipt = try #require(incrementProof.outcomeProof.outcome.receiptIds.first)
            let callProof = try await devnet.result(LightClientExecutionProof.self, "EXPERIMENTAL_light_client_proof",
                #"{"type":"receipt","receipt_id":"\#(callReceipt.base58)","receiver_id":"test.near","light_client_head":"\#(head)"}"#)
            _ = try callProof.verify(blockMerkleRoot: client.head.blockMerkleRoot)
            // What is proven is the call's real outcome: its log and its return value.
            #expect(callProof.outcomeProof.outcome.logs == ["incremented"])
            #expect(callProof.outcomeProof.outcome.status == .successValue(Array("1".utf8)))
            let transferProof = try await devnet.result(LightClientExecutionProof.self, "EXPERIMENTAL_light_client_proof",
                #"{"type":"receipt","receipt_id":"\#(transferId)","receiver_id":"test.near","light_client_head":"\#(head)"}"#)
            _ = try transferProof.verify(blockMerkleRoot: client.head.blockMerkleRoot)
            var forged = callProof
            forged.outcomeProof.outcome.status = .successValue(Array("2".utf8))
            #expect(throws: LightClientError.self) { try forged.verify(blockMerkleRoot: client.head.blockMerkleRoot) }
        }
    }
}
