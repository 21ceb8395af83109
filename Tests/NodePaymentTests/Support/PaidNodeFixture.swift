import Attestation
import Crypto
@testable import DCMLClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import Logging
import NearLightClient
@testable import Node
import Payments
import TestSupport
import Testing

/// The default model on the embedded engine, shared by every test of the process.
enum SharedModel {
    static let loaded = Result { () throws -> (engine: LocalEngine, hash: ModelHash) in
        let path = try DefaultModelFixture.path()
        let engine = try LocalEngine(modelPath: path, configuration: .init(threads: 1, contextLength: 512))
        return (engine, try ModelManifest.of(path: path).modelHash)
    }
}

/// What survives a restart of a paid node's payment service: its identity (in a real TEE its
/// signing key is re-derived), its ledger directory and sealing key, and the monotonic counters
/// (simulated hardware ones, or a contract's), which live outside the directory.
struct PaidNodeState: Sendable {
    let identity: NodeIdentity
    let directory: String
    let ledgerKey = SymmetricKey(size: .bits256)
    /// The simulated TEE's counters, kept in memory; or those of a counter contract.
    var counters: any ChannelCounters = SimulatedChannelCounters()
    let chain: ProvingChain
    /// The light client's trusted start: the proving chain's genesis, or a devnet's block 0.
    let trustedHead: LightClientState

    static let measurements = SimulatedMeasurements(binaryDigest: Array(SHA256.hash(data: Array("node-payment-tests".utf8))))
    static let deployment = PaidDeployment(contractID: MarketChannel.contract, chainID: MarketChannel.chain, modelID: MarketChannel.model)

    /// `base`: where the ledger directory goes (the system's temporary directory by default).
    static func make(
        chain: ProvingChain = ProvingChain(), base: String = FileManager.default.temporaryDirectory.path,
        deployment: PaidDeployment = PaidNodeState.deployment, trustedHead: LightClientState? = nil
    ) async throws -> PaidNodeState {
        let model = try SharedModel.loaded.get()
        let provider = SimulatedQuoteProvider(simulator: SimulatedTEE(measurements: measurements))
        let compose = AppCompose(nodeBinarySHA256: String(repeating: "cd", count: 32), modelHash: model.hash.hex, engine: "local", payments: deployment)
        let identity = try await NodeIdentity.establish(compose: compose, provider: provider)
        let directory = base + "/dcml-node-payments-\(UUID().uuidString)"
        return PaidNodeState(identity: identity, directory: directory, chain: chain, trustedHead: trustedHead ?? chain.trustedHead)
    }

    var signingKey: [UInt8] { identity.signingPublicKey }

    func startPayments() async throws -> PaymentService {
        try await PaymentService.start(identity: identity, directory: directory, ledgerKey: ledgerKey, counters: counters, trustedHead: trustedHead)
    }
}

/// A paid node serving RA-TLS on an ephemeral loopback port, with a client that verified it.
struct PaidNode: Sendable {
    let port: Int
    let state: PaidNodeState
    let payments: PaymentService
    let client: DCMLClient
    var url: String { "https://127.0.0.1:\(port)" }

    /// Runs `test` against a node whose payment service starts from `state`; without one, from a
    /// fresh state whose ledger directory is removed afterwards.
    static func with<T: Sendable>(_ state: PaidNodeState? = nil, _ test: @escaping @Sendable (PaidNode) async throws -> T) async throws -> T {
        guard let state else {
            let fresh = try await PaidNodeState.make()
            defer { try? FileManager.default.removeItem(atPath: fresh.directory) }
            return try await with(fresh, test)
        }
        let model = try SharedModel.loaded.get()
        let payments = try await state.startPayments()
        var logger = Logger(label: "test.paid-node")
        logger.logLevel = .warning
        let node = Node(engine: model.engine, configuration: .init(port: 0), logger: logger, identity: state.identity, modelHash: model.hash, payments: payments)
        return try await node.application().test(.live) { client in
            let port = try #require(client.port)
            let sdk = try DCMLClient(url: "https://127.0.0.1:\(port)", expectation: .init(allowSimulated: true, composeHash: state.identity.composeHash))
            try await sdk.verify()
            return try await test(PaidNode(port: port, state: state, payments: payments, client: sdk))
        }
    }

    /// Runs the whole opening: a challenge from the node, the market's `provider_deposit_locked`
    /// for it (channel `channel`, `deposit`), and the establishment through the SDK.
    func openSession(channel: UInt64 = 7, deposit: UInt128? = nil, payerKey: SecretKey = .generate()) async throws -> (PaidSession, MarketChannel) {
        let offer = try await PaidSession.offer(from: client)
        var market = MarketChannel(channel: channel, challenge: offer.challenge.description, payerKey: payerKey.publicKey, signingKey: state.signingKey)
        if let deposit { market.deposit = deposit }
        let (proof, head) = state.chain.prove(market.outcome("provider_deposit_locked"))
        let session = try await PaidSession.establish(with: client, outcomeProof: proof.nearJSON, lightClientHead: head.nearJSON, payerKey: payerKey)
        return (session, market)
    }
}
