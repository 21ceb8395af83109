#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

extension DevnetRPC {
    /// `[base64]` or `{"signed_tx_base64": …}`.
    func signedTransaction(_ params: JSONValue) throws(RPCError) -> SignedTransaction {
        guard let text = params[0]?.string ?? params["signed_tx_base64"]?.string else {
            throw .invalidParams("expected params [\"<base64 signed transaction>\"] or {\"signed_tx_base64\": …}")
        }
        do { return try SignedTransaction(base64: text) } catch {
            throw .invalidParams("signed transaction is not base64 borsh of a SignedTransaction: \(error)")
        }
    }

    func submit(_ params: JSONValue) async throws(RPCError) -> CryptoHash {
        let signed = try signedTransaction(params)
        do { return try await chain.submit(signed) } catch { throw .invalidTransaction(error) }
    }

    func commit(_ params: JSONValue, withReceipts: Bool) async throws(RPCError) -> RPCResult {
        let hash = try await submit(params)
        return try await waitAndView(hash, withReceipts: withReceipts)
    }

    /// `send_tx`: `{"signed_tx_base64", "wait_until"}`; NONE returns at once.
    func sendTx(_ params: JSONValue) async throws(RPCError) -> RPCResult {
        let hash = try await submit(params)
        if params["wait_until"]?.string == "NONE" {
            return .json(.object(["final_execution_status": .string("NONE")]))
        }
        return try await waitAndView(hash, withReceipts: false)
    }

    func waitAndView(_ hash: CryptoHash, withReceipts: Bool) async throws(RPCError) -> RPCResult {
        do {
            let location = try await chain.waitForInclusion(hash, timeout: commitTimeout)
            return .value(FinalExecutionOutcomeView(location: location, withReceipts: withReceipts, gasPrice: chain.genesis.gasPrice))
        } catch ChainError.transactionDropped(_, let reason) {
            throw .invalidTransaction(reason)
        } catch ChainError.timeout {
            throw .timeout
        } catch {
            throw .internalError("\(error)")
        }
    }

    /// `[hash, sender]`, `[base64 signed tx]`, or `{"tx_hash", "sender_account_id", "wait_until"?}`.
    func txStatus(_ params: JSONValue, withReceipts: Bool) async throws(RPCError) -> RPCResult {
        let hash: CryptoHash
        if let text = params[0]?.string ?? params["tx_hash"]?.string, let parsed = try? CryptoHash(base58: text) {
            hash = parsed
        } else if params[0]?.string != nil || params["signed_tx_base64"] != nil {
            hash = try signedTransaction(params).hash
        } else {
            throw .invalidParams("expected params [\"<tx hash>\", \"<sender>\"] or {\"tx_hash\", \"sender_account_id\"}")
        }
        let location: TxLocation?
        do { location = try await chain.transaction(hash) } catch { throw .internalError("\(error)") }
        if let location {
            return .value(FinalExecutionOutcomeView(location: location, withReceipts: withReceipts, gasPrice: chain.genesis.gasPrice))
        }
        if await chain.isPending(hash), params["wait_until"]?.string != "NONE" {
            return try await waitAndView(hash, withReceipts: withReceipts)
        }
        throw .unknownTransaction(hash.base58)
    }
}
