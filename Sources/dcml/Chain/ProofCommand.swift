import ArgumentParser
import DCMLClient
import Foundation
import NearLightClient

/// `dcml proof …`: outcomes proven with the light client instead of taken from the RPC node.
struct ProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Prove NEAR execution outcomes against a validated light-client head.",
        subcommands: [ProofTxCommand.self]
    )
}

/// `dcml proof tx HASH --sender ID`: follows the chain from a trusted block with
/// `next_light_client_block`, then verifies the transaction's and its receipts' outcome proofs.
struct ProofTxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx",
        abstract: "Prove a transaction's outcome (status, logs, executor) with the NEAR light client.",
        discussion: """
            Trust starts at --trust-block (a saved next_light_client_block result, bare or in a \
            JSON-RPC envelope; use one with next_bps, i.e. an epoch's last block) or, without it, \
            at block 0 and the validators as the RPC reports them (right for a devnet only). Every \
            block after that is validated (producer signatures over more than 2/3 of stake, \
            next_bp_hash), and the proofs are checked against the validated head. Exits 0 only \
            when everything verifies; otherwise prints the failed check on one line.
            """
    )

    @Argument(help: "Transaction hash (base58).")
    var hash: String

    @Option(help: "The transaction's signer.")
    var sender: String

    @OptionGroup var rpc: RPCOption

    @Option(help: "A trusted light-client block (JSON) to start from instead of the chain's genesis.")
    var trustBlock: String?

    @Option(help: "Seconds to wait for the transaction's block to become final.")
    var wait: Int = 10

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        guard let txHash = try? CryptoHash(base58: hash) else {
            throw ValidationError("'\(hash)' is not a transaction hash: expected 32 bytes in base58")
        }
        let client = try rpc.client()
        var prover: NearProver
        let trust: String
        if let trustBlock {
            let block = try ChainIO.trustBlock(trustBlock)
            prover = NearProver(rpc: client, trusting: block)
            trust = "block \(block.innerLite.height) (\(block.hash)) from \(trustBlock)"
        } else {
            prover = try await Self.rejecting { try await NearProver.trustingGenesis(rpc: client) }
            trust = "genesis \(prover.state.headHash) as reported by \(rpc.rpc)"
        }
        let proven = try await Self.rejecting {
            try await prover.proveTransaction(txHash, sender: sender, wait: .seconds(wait))
        }
        if json {
            ChainIO.printJSON(.object([
                "verified": .bool(true), "trusted_from": .string(trust),
                "light_client_head": .object(["hash": .string(proven.headHash.base58), "height": .unsigned(proven.headHeight)]),
                "transaction": Self.json(proven.transaction),
                "receipts": .array(proven.receipts.map(Self.json)),
            ]))
            return
        }
        print("""
            PROVEN transaction \(txHash)
              trusted from:      \(trust)
              light-client head: height \(proven.headHeight) (\(proven.headHash))
            """)
        for (label, outcome) in [("transaction", proven.transaction)] + proven.receipts.map({ ("receipt", $0) }) {
            print("""
                  \(label) \(outcome.id)
                    block:    height \(outcome.blockHeight) (\(outcome.blockHash))
                    executor: \(outcome.executorId)
                    status:   \(outcome.statusSummary)
                    gas:      \(outcome.gasBurnt), burnt \(ChainIO.near(outcome.tokensBurnt))
                """)
            for log in outcome.logs { print("    log:      \(log)") }
        }
    }

    static func json(_ outcome: ProvenOutcome) -> JSONValue {
        var status: JSONValue
        switch outcome.status {
        case .unknown: status = .string("Unknown")
        case .failure: status = .string("Failure")
        case .successValue(let bytes): status = .object(["SuccessValue": .string(Data(bytes).base64EncodedString())])
        case .successReceiptId(let id): status = .object(["SuccessReceiptId": .string(id.base58)])
        }
        return .object([
            "id": .string(outcome.id.base58), "block_hash": .string(outcome.blockHash.base58),
            "block_height": .unsigned(outcome.blockHeight), "executor_id": .string(outcome.executorId),
            "status": status, "logs": .array(outcome.logs.map(JSONValue.string)),
            "gas_burnt": .unsigned(outcome.gasBurnt), "tokens_burnt": .string(String(outcome.tokensBurnt)),
        ])
    }

    /// A failed check prints `INVALID: <check>` on stderr and exits 1 (as `dcml lightclient`).
    static func rejecting<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as NearProofError {
            FileHandle.standardError.write(Data("INVALID: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
