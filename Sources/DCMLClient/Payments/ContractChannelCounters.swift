import Foundation
import NearLightClient
import Payments

/// The node's §6.1 counters anchored on chain, in the `ledger_counters` contract
/// (`Contracts/ledger_counters`), for a TEE without a hardware counter: each channel ledger's
/// counter is (the node's NEAR account, the ledger's file name), which only that account can
/// increment.
///
/// Reads and increments are both function-call transactions (`get`, `increment`) whose outcomes
/// are proven with the node's own light client before their value is believed, so neither the
/// RPC nor the host can show the node an old value; the proof must be of the transaction the
/// node itself just signed, so an old outcome cannot be replayed either. A host holding the
/// account's key could only move a counter forward, which makes the node's own ledger stale:
/// harm to himself, never a rollback.
///
/// Each commit costs one transaction and its finality (about a second on NEAR, much less on the
/// devnet), so this suits low request rates; calls are sent one at a time, as they share the
/// account's nonce.
public actor ContractChannelCounters: ChannelCounters {
    public nonisolated let contractID: String
    public nonisolated let owner: String
    private var signer: NearSigner
    private var prover: NearProver
    private var counters: [String: ContractAnchoredCounter] = [:]
    private let turns = TurnQueue()

    /// `signer` is the node's account, which owns the counters; `prover` starts from the
    /// light-client head the node trusts.
    public init(contractID: String, signer: NearSigner, prover: NearProver) {
        self.contractID = contractID
        owner = signer.accountId
        self.signer = signer
        self.prover = prover
    }

    public func counter(for ledger: String) -> any MonotonicCounter {
        if let counter = counters[ledger] { return counter }
        let name = Self.json(ledger)
        let read = Array(#"{"owner":\#(Self.json(owner)),"name":\#(name)}"#.utf8)
        let bump = Array(#"{"name":\#(name)}"#.utf8)
        let counter = ContractAnchoredCounter(
            read: { try await self.provenCall("get", arguments: read) },
            bump: { try await self.provenCall("increment", arguments: bump) })
        counters[ledger] = counter
        return counter
    }

    /// Calls `method` and returns the number its light-client-proven outcome returned.
    func provenCall(_ method: String, arguments: [UInt8]) async throws -> UInt64 {
        var value: UInt64 = 0
        try await turns.run { value = try await sendAndProve(method, arguments: arguments) }
        return value
    }

    private func sendAndProve(_ method: String, arguments: [UInt8]) async throws -> UInt64 {
        var signer = self.signer
        let outcome: FinalExecutionOutcome
        do { outcome = try await signer.functionCall(contractID, method: method, args: arguments) } catch {
            self.signer = signer
            throw ContractCounterError.call(method: method, contract: contractID, reason: "\(error)")
        }
        self.signer = signer
        var prover = self.prover
        let proven: ProvenTransaction
        do { proven = try await prover.proveTransaction(outcome.transactionHash, sender: owner) } catch {
            throw ContractCounterError.unproven(method: method, transaction: outcome.transactionHash, reason: "\(error)")
        }
        self.prover = prover
        // The transaction hands over to its function-call receipt, whose proven outcome carries the value.
        let call = proven.receipts.first { proven.transaction.status == .successReceiptId($0.id) }
        guard let status = call?.status, case .successValue(let bytes) = status, let value = UInt64(String(decoding: bytes, as: UTF8.self)) else {
            throw ContractCounterError.unexpectedOutcome(method: method, transaction: outcome.transactionHash, status: proven.finalStatus)
        }
        return value
    }

    private static func json(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}

/// Why a contract-anchored counter could not be read or moved.
public enum ContractCounterError: Error, CustomStringConvertible {
    case call(method: String, contract: String, reason: String)
    case unproven(method: String, transaction: CryptoHash, reason: String)
    case unexpectedOutcome(method: String, transaction: CryptoHash, status: ExecutionStatus)

    public var description: String {
        switch self {
        case .call(let method, let contract, let reason):
            return "calling \(method) on the counter contract \(contract) failed: \(reason)"
        case .unproven(let method, let transaction, let reason):
            return "the outcome of \(method) (transaction \(transaction)) could not be proven with the light client: \(reason)"
        case .unexpectedOutcome(let method, let transaction, let status):
            return "\(method) (transaction \(transaction)) ended with \(status); expected a counter value (a JSON number)"
        }
    }
}
