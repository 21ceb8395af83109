import ContractTooling
@testable import DCMLClient
import Foundation
import NearLightClient
@testable import Node
import Payments

/// The `model_market` contract built from `Contracts/` once per test process.
enum MarketWasm {
    static let contractsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Contracts")

    static let built: Result<BuiltContract, ContractBuildError> = Result { () throws(ContractBuildError) in
        try ContractBuilder(contractsDirectory: contractsDirectory, toolchain: try ContractToolchain.locate()).build("model_market")
    }
}

/// The `ledger_counters` contract (§6.1's counter anchored on chain), built the same way.
enum LedgerCountersWasm {
    static let built: Result<BuiltContract, ContractBuildError> = Result { () throws(ContractBuildError) in
        try ContractBuilder(contractsDirectory: MarketWasm.contractsDirectory, toolchain: try ContractToolchain.locate()).build("ledger_counters")
    }
}

/// §6's cast on a devnet of its own (``DevnetProcess``), talking to it only over JSON-RPC with
/// the SDK's `MarketClient`: the model market deployed on `market.test.near` with a short
/// challenge period, the model registered by `test.near` with `charlie.test.near` as its
/// beneficiary (Charlie signs nothing, so his balance moves by exactly what he is paid), and
/// accounts for Alice (the user) and Bob (the provider).
actor MarketDevnet {
    enum Party: Hashable { case owner, alice, bob }

    static let oneNear = YoctoNear.perNear
    static let contract = "market.test.near"
    static let model = "charlie/tiny"
    static let charlie = "charlie.test.near"
    static let prices = PriceSchedule(
        creatorPerThousandPromptTokens: 1_000_000_000_000_000_000, creatorPerThousandCompletionTokens: 3_000_000_000_000_000_000,
        providerPerThousandTokens: 500_000_000_000_000_000)
    static let deployment = PaidDeployment(contractID: contract, chainID: "dcml-devnet", modelID: model)

    let devnet: DevnetProcess
    let rpc: NearRPCClient
    let market: MarketClient
    private var signers: [Party: NearSigner]
    /// The `lock_provider_deposit` receipt that established each channel (what a replay would reuse).
    private(set) var lockReceipts: [UInt64: CryptoHash] = [:]

    /// Starts a devnet, creates the accounts, deploys and initializes the market with a
    /// challenge period T of `challengePeriodSeconds` and registers the model.
    static func start(challengePeriodSeconds: UInt64 = 3) async throws -> MarketDevnet {
        let devnet = try DevnetProcess()
        do {
            let rpc = try NearRPCClient(url: devnet.rpcURL)
            var root = try NearSigner(rpc: rpc, keyFile: devnet.funded)
            // Every party signs with the funded account's key (the devnet's test key); Charlie never signs.
            let key = devnet.funded.secretKey
            var signers: [String: NearSigner] = [:]
            for name in [contract, "alice.test.near", "bob.test.near"] {
                try await root.createAccount(name, publicKey: key.publicKey, initialBalance: 100 * oneNear)
                signers[name] = try NearSigner(rpc: rpc, keyFile: KeyFile(accountId: name, secretKey: key))
            }
            try await root.createAccount(charlie, publicKey: SecretKey.generate().publicKey, initialBalance: oneNear)
            var contractAccount = signers[contract]!
            try await contractAccount.deployContract(try MarketWasm.built.get().wasm)
            let market = try MarketClient(rpc: rpc, contractID: contract)
            _ = try await market.initialize(chainID: "dcml-devnet", challengePeriodSeconds: challengePeriodSeconds, as: &contractAccount)
            let registration = MarketModelRegistration(
                modelID: model, modelPublicKey: String(repeating: "aa", count: 32), modelHash: String(repeating: "bb", count: 32),
                pricePromptPer1k: prices.creatorPerThousandPromptTokens, priceCompletionPer1k: prices.creatorPerThousandCompletionTokens,
                beneficiary: charlie)
            _ = try await market.registerModel(registration, as: &root)
            return MarketDevnet(devnet: devnet, rpc: rpc, market: market, signers: [.owner: root, .alice: signers["alice.test.near"]!, .bob: signers["bob.test.near"]!])
        } catch {
            devnet.stop()
            throw error
        }
    }

    private init(devnet: DevnetProcess, rpc: NearRPCClient, market: MarketClient, signers: [Party: NearSigner]) {
        self.devnet = devnet
        self.rpc = rpc
        self.market = market
        self.signers = signers
    }

    nonisolated func stop() { devnet.stop() }

    func account(_ party: Party) -> String { signers[party]!.accountId }

    /// The node's trusted start: the devnet's block 0 and its producers (which never change).
    func trustedHead() async throws -> LightClientState {
        try await NearProver.trustingGenesis(rpc: rpc).state
    }

    // Each call checks the party's signer out and back in (one call at a time, so nonces count
    // up). No generic helper taking a closure: generic async functions returning these
    // UInt128-bearing values crash Swift 6.3's async runtime (see MarketModelRegistration).

    /// §6 step 1: `party` (Bob, or Alice hosting the node herself) registers the node's key.
    func registerProvider(_ node: PaidNode, as party: Party = .bob) async throws {
        var signer = signers[party]!
        defer { signers[party] = signer }
        _ = try await market.registerProvider(model: Self.model, signingPublicKey: Hex.encode(node.state.signingKey), feePer1k: Self.prices.providerPerThousandTokens, as: &signer)
    }

    /// §6 steps 2–4 as the parties do them: Alice gets the node's challenge, checks that the
    /// market has the node's attested key for the provider and opens the channel; the provider
    /// locks his deposit and proves that receipt to the node from its light-client head; Alice
    /// picks the session up from the node's account of the channel.
    func open(on node: PaidNode, payer: SecretKey, deposit: UInt128, provider: Party = .bob) async throws -> PaidSession {
        let offer = try await PaidSession.offer(from: node.client)
        let providerAccount = account(provider)
        let registered = try await market.provider(providerAccount, model: offer.modelID)?.signingPublicKey
        guard registered == offer.signingPublicKey else {
            throw DevnetFailure("\(providerAccount) registered key \(registered ?? "none"), the node attests \(offer.signingPublicKey)")
        }
        var alice = signers[.alice]!
        defer { signers[.alice] = alice }
        let channel = try await market.openChannel(depositing: deposit, model: offer.modelID, provider: providerAccount, challenge: offer.challenge, payerKey: payer.publicKey, as: &alice).value
        // Alice hosting the node herself locks as the provider with the same signer.
        var bob = provider == .alice ? alice : signers[provider]!
        let locked = try await market.lockProviderDeposit(channel: channel, deposit: deposit, as: &bob)
        if provider == .alice { alice = bob } else { signers[provider] = bob }
        let facts = try await node.client.establishChannel(try await prove(locked.receiptID, to: node))
        guard facts.channel == channel else { throw DevnetFailure("the node established channel \(facts.channel), expected \(channel)") }
        lockReceipts[channel] = locked.receiptID
        return try await PaidSession.resume(with: node.client, channel: channel, payerKey: payer)
    }

    func closeCooperative(_ approval: ClosureApproval, as party: Party = .alice) async throws -> MarketChannelView {
        var signer = signers[party]!
        defer { signers[party] = signer }
        return try await market.closeCooperative(approval, as: &signer).value
    }

    func forceClose(_ channel: UInt64) async throws -> MarketReceipt<MarketChannelView> {
        var signer = signers[.alice]!
        defer { signers[.alice] = signer }
        return try await market.forceClose(channel: channel, as: &signer)
    }

    func answerForceClose(_ approval: ClosureApproval, as party: Party) async throws -> MarketChannelView {
        var signer = signers[party]!
        defer { signers[party] = signer }
        return try await market.answerForceClose(approval, as: &signer).value
    }

    /// A paid node's state for this market, trusting the devnet's block 0.
    func nodeState() async throws -> PaidNodeState {
        try await PaidNodeState.make(deployment: Self.deployment, trustedHead: try await trustedHead())
    }

    static let counterContract = "counters.test.near"

    /// A paid node's state whose ledgers are bound to counters in the `ledger_counters` contract
    /// (deployed here on first use to `counters.test.near`), owned by a fresh node account; its
    /// compose names the contract.
    func nodeStateWithContractCounters() async throws -> PaidNodeState {
        var root = signers[.owner]!
        defer { signers[.owner] = root }
        let key = devnet.funded.secretKey
        if (try? await rpc.viewAccount(Self.counterContract, at: .final)) == nil {
            try await root.createAccount(Self.counterContract, publicKey: key.publicKey, initialBalance: 10 * Self.oneNear)
            var contract = try NearSigner(rpc: rpc, keyFile: KeyFile(accountId: Self.counterContract, secretKey: key))
            try await contract.deployContract(try LedgerCountersWasm.built.get().wasm)
        }
        let owner = "node-\(UInt32.random(in: 0...UInt32.max)).test.near"
        try await root.createAccount(owner, publicKey: key.publicKey, initialBalance: 10 * Self.oneNear)
        let head = try await trustedHead()
        var deployment = Self.deployment
        deployment.counterContract = Self.counterContract
        var state = try await PaidNodeState.make(deployment: deployment, trustedHead: head)
        state.counters = ContractChannelCounters(
            contractID: Self.counterContract, signer: try NearSigner(rpc: rpc, keyFile: KeyFile(accountId: owner, secretKey: key)),
            prover: NearProver(rpc: rpc, state: head))
        return state
    }

    /// `party` calls the counter contract directly.
    func callCounters(as party: Party, _ method: String, _ args: String, deposit: UInt128 = 0) async throws -> FinalExecutionStatus {
        var signer = signers[party]!
        defer { signers[party] = signer }
        return try await signer.functionCall(Self.counterContract, method: method, args: Array(args.utf8), deposit: deposit).status
    }

    /// `owner`'s counter `name` in the counter contract, as a view reports it.
    func counterValue(owner: String, name: String) async throws -> UInt64 {
        let result = try await rpc.callFunction(Self.counterContract, method: "get", args: Array(#"{"owner":"\#(owner)","name":"\#(name)"}"#.utf8), at: .final)
        guard let value = UInt64(String(decoding: result.result, as: UTF8.self)) else { throw DevnetFailure("get returned \(result.result)") }
        return value
    }

    /// A proof of a market receipt for `node`'s current light-client head.
    func prove(_ receipt: CryptoHash, to node: PaidNode) async throws -> ChannelProof {
        try await market.proveReceipt(receipt, from: try await node.client.lightClientHead().hash)
    }

    /// Waits out a force close's challenge period (until a final block is past the deadline),
    /// then finalizes it.
    func finalizeAfterChallengePeriod(_ channel: MarketChannelView) async throws -> MarketChannelView {
        guard let deadline = channel.forceCloseDeadlineNs else { throw DevnetFailure("channel \(channel.channelID) is not force-closing") }
        while UInt128(try await rpc.block(.final).innerLite.timestamp) < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        var signer = signers[.alice]!
        defer { signers[.alice] = signer }
        return try await market.finalizeForceClose(channel: channel.channelID, as: &signer).value
    }

    /// `account`'s balance once it differs from `before` (transfers run in receipts after the
    /// call's own block), or after `wait` whatever it is.
    func balance(of account: String, changedFrom before: UInt128? = nil, wait: Duration = .seconds(10)) async throws -> UInt128 {
        let deadline = ContinuousClock.now + wait
        while true {
            let amount = try await rpc.viewAccount(account, at: .optimistic).amount
            guard let before, amount == before, ContinuousClock.now < deadline else { return amount }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
