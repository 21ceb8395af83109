import NearLightClient

extension DevnetRPC {
    /// `{"type": "transaction", "transaction_hash", "sender_id", "light_client_head"}` or
    /// `{"type": "receipt", "receipt_id", "receiver_id", "light_client_head"}`.
    func lightClientProof(_ params: JSONValue) async throws(RPCError) -> RPCResult {
        func hash(_ key: String) throws(RPCError) -> CryptoHash {
            guard let text = params[key]?.string, let value = try? CryptoHash(base58: text) else {
                throw .invalidParams("light_client_proof needs \"\(key)\" as a base58 hash")
            }
            return value
        }
        let head = try hash("light_client_head")
        let reference: OutcomeReference
        let id: String
        switch params["type"]?.string {
        case "transaction":
            let tx = try hash("transaction_hash")
            guard let sender = params["sender_id"]?.string else { throw .invalidParams("light_client_proof needs \"sender_id\"") }
            reference = .transaction(hash: tx, senderId: sender)
            id = tx.base58
        case "receipt":
            let receipt = try hash("receipt_id")
            guard let receiver = params["receiver_id"]?.string else { throw .invalidParams("light_client_proof needs \"receiver_id\"") }
            reference = .receipt(id: receipt, receiverId: receiver)
            id = receipt.base58
        default:
            throw .invalidParams("light_client_proof needs \"type\": \"transaction\" or \"receipt\"")
        }
        do {
            return .value(try await chain.lightClientProof(reference, head: head))
        } catch ChainError.unknownBlock(let block) {
            throw .unknownBlock(block)
        } catch ChainError.proofHeadTooOld(_, _) {
            throw .notConfirmed(id, "\(id) is not in a block before the light client head \(head); wait for a later head")
        } catch ChainError.unknownTransaction, ChainError.unknownReceipt {
            throw .unknownTransactionOrReceipt(id)
        } catch {
            throw .internalError("\(error)")
        }
    }

    /// `{"last_block_hash": …}` or `[hash]`; `null` when nothing newer is final.
    func nextLightClientBlock(_ params: JSONValue) async throws(RPCError) -> RPCResult {
        guard let text = params["last_block_hash"]?.string ?? params[0]?.string, let hash = try? CryptoHash(base58: text) else {
            throw .invalidParams("next_light_client_block needs {\"last_block_hash\": \"<base58>\"}")
        }
        do {
            guard let block = try await chain.nextLightClientBlock(after: hash) else { return .json(.null) }
            return .value(block)
        } catch ChainError.unknownBlock(let block) {
            throw .unknownBlock(block)
        } catch {
            throw .internalError("\(error)")
        }
    }
}
