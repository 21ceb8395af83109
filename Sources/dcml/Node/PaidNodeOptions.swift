import ArgumentParser
import Attestation
import DCMLClient
import Foundation
import Logging
import NearLightClient
import Node
import Payments

/// `dcml node`'s paid mode (paper §6): the model market it takes channels from (measured into
/// app-compose, so into the compose hash), where its light client learns the chain, and where its
/// sealed channel ledgers live.
struct PaidNodeOptions: ParsableArguments {
    @Option(help: "Paid mode: the model_market contract's account id (baked into app-compose).")
    var market: String?

    @Option(help: "Paid mode: the chain id the market was initialized with (get_config().chain_id).")
    var marketChain: String?

    @Option(help: "Paid mode: the market's id of the model this node serves (register_model's model_id).")
    var marketModel: String?

    @Option(help: "Paid mode: NEAR JSON-RPC URL whose next_light_client_block results feed the node's light client (untrusted: every block is validated).")
    var rpc: String?

    @Option(help: "Paid mode: the trusted light-client block (a saved next_light_client_block result, as `dcml proof tx --trust-block` takes).")
    var trustBlock: String?

    @Flag(help: "Paid mode, DEVNET ONLY: trust block 0 and the validators as --rpc reports them, instead of --trust-block (trust on first use).")
    var insecureTrustDevnetGenesis = false

    @Option(help: "Paid mode: directory of the sealed channel ledgers.")
    var ledgerDir = "dcml-ledgers"

    @Option(help: "Paid mode: directory of the SIMULATED monotonic counters the ledgers are bound to; keep it outside --ledger-dir.")
    var counterDir = "dcml-counters"

    @Option(help: "Paid mode: bind the ledgers to counters in this ledger_counters contract instead of --counter-dir (baked into app-compose).")
    var counterContract: String?

    @Option(help: "Paid mode with --counter-contract: the NEAR key file of the account that owns the node's counters and pays their gas.")
    var counterKey: String?

    var isPaid: Bool { market != nil || marketChain != nil || marketModel != nil }

    func validate() throws {
        guard isPaid else {
            if rpc != nil || trustBlock != nil || insecureTrustDevnetGenesis {
                throw ValidationError("--rpc, --trust-block and --insecure-trust-devnet-genesis are for paid mode: give --market, --market-chain and --market-model too")
            }
            return
        }
        guard market != nil, marketChain != nil, marketModel != nil else {
            throw ValidationError("paid mode needs all of --market, --market-chain and --market-model")
        }
        guard rpc != nil else { throw ValidationError("paid mode needs --rpc: the node's light client follows the chain through it") }
        switch (trustBlock, insecureTrustDevnetGenesis) {
        case (nil, false): throw ValidationError("paid mode needs --trust-block FILE (or, on a devnet only, --insecure-trust-devnet-genesis)")
        case (_?, true): throw ValidationError("give either --trust-block or --insecure-trust-devnet-genesis, not both")
        default: break
        }
        guard (counterContract == nil) == (counterKey == nil) else {
            throw ValidationError("--counter-contract and --counter-key go together: the contract, and the key of the account that owns the node's counters in it")
        }
        _ = try deployment?.domain()
        let ledgers = URL(fileURLWithPath: ledgerDir).standardizedFileURL.path + "/"
        guard !(URL(fileURLWithPath: counterDir).standardizedFileURL.path + "/").hasPrefix(ledgers) else {
            throw ValidationError("--counter-dir \(counterDir) lies inside --ledger-dir \(ledgerDir); expected it outside, so restoring a copy of the ledgers leaves the counters where they were")
        }
    }

    /// The app-compose `payments` section; nil for an unpaid node.
    var deployment: PaidDeployment? {
        guard let market, let marketChain, let marketModel else { return nil }
        return PaidDeployment(contractID: market, chainID: marketChain, modelID: marketModel, counterContract: counterContract)
    }

    /// Starts the payment service of the node `identity` (whose compose names the market), with
    /// the ledger key derived inside the TEE and the light client trusting what the operator chose.
    func start(identity: NodeIdentity, provider: any QuoteProvider, logger: Logger) async throws -> PaymentService? {
        guard let deployment, let rpc else { return nil }
        let client = try NearRPCClient(url: rpc)
        let trusted: LightClientState
        let trust: String
        if let trustBlock {
            let block = try ChainIO.trustBlock(trustBlock)
            trusted = LightClientState(trusting: block)
            trust = "block \(block.innerLite.height) from \(trustBlock)"
        } else {
            trusted = try await NearProver.trustingGenesis(rpc: client).state
            trust = "INSECURE devnet genesis \(trusted.headHash) as \(rpc) reports it"
        }
        let ledgerKey = try await LedgerSealingKey.derive(provider: provider, composeHash: identity.composeHash)
        let counters: any ChannelCounters
        let counted: String
        if let contract = deployment.counterContract, let counterKey {
            let signer = try ChainIO.signer(rpc: client, accountId: try ChainIO.keyFile(counterKey).accountId, keyFile: counterKey)
            counters = ContractChannelCounters(contractID: contract, signer: signer, prover: NearProver(rpc: client, state: trusted))
            counted = "monotonic counters of \(signer.accountId) in \(contract), reads and increments proven by the light client"
        } else {
            counters = try SimulatedChannelCounters(directory: counterDir)
            counted = "SIMULATED monotonic counters in \(counterDir)"
        }
        let payments = try await PaymentService.start(
            identity: identity, directory: ledgerDir, ledgerKey: ledgerKey, counters: counters, trustedHead: trusted,
            feed: { after in try await client.nextLightClientBlock(after: after) })
        let key = identity.tee == .simulated ? "SIMULATED TEE: ledger key from the insecure simulation secret" : "ledger key from the TEE (\(provider.name))"
        logger.info("PAID node: market \(deployment.contractID) on \(deployment.chainID), model \(deployment.modelID); light client from \(trust), fed by \(rpc); ledgers in \(ledgerDir) (\(key); \(counted))")
        return payments
    }
}
