import ContractTooling
import Foundation
import NearLightClient
@testable import Devnet

/// The `model_market` contract built from `Contracts/` once per test process.
enum MarketWasm {
    static let contractsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Contracts")

    static let built: Result<BuiltContract, ContractBuildError> = Result { () throws(ContractBuildError) in
        try ContractBuilder(contractsDirectory: contractsDirectory, toolchain: try ContractToolchain.locate()).build("model_market")
    }
}

/// A devnet in a temporary directory with the model market deployed on `market.test.near` and
/// initialized for chain `dcml-devnet`; the funded `test.near` plays Charlie, Bob and Alice (the
/// contract does not care who is who, the node only checks what the channel record says).
actor MarketDevnet {
    static let contract = "market.test.near"
    static let oneNear: UInt128 = 1_000_000_000_000_000_000_000_000

    let directory: URL
    let key: SecretKey
    let chain: Chain
    private var nonces: [String: UInt64] = [:]

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("node-payments-devnet-\(UUID().uuidString)")
        let made = Genesis.makeDefault(epochLength: 5)
        key = made.testKey
        chain = try Chain(directory: directory, genesis: made.genesis)
    }

    /// Builds the market from Contracts/, deploys it and calls `new`.
    func deployMarket() async throws {
        let code = try MarketWasm.built.get().wasm
        let deployed = try await execute([
            .createAccount, .addKey(publicKey: key.publicKey, accessKey: .fullAccess), .transfer(deposit: 10 * Self.oneNear), .deployContract(code: code),
        ])
        guard case .successValue = deployed.execution.status else { throw DevnetFailure("deploying the model market failed: \(deployed.execution.status)") }
        // `new` is the contract account's own call.
        try await call("new", #"{"chain_id":"dcml-devnet","challenge_period_seconds":5}"#, signer: Self.contract)
    }

    nonisolated func remove() { try? FileManager.default.removeItem(at: directory) }

    /// The light client's trusted start: block 0 and the devnet's producers (which never change).
    func trustedHead() async throws -> LightClientState {
        guard let genesis = await chain.header(height: 0) else { throw DevnetFailure("no block 0") }
        var producers: [CryptoHash: [ValidatorStake]] = [:]
        // Block 0's epoch and next epoch may be the same id.
        for epoch in [genesis.innerLite.epochId, genesis.innerLite.nextEpochId] { producers[epoch] = chain.blockProducers }
        return LightClientState(head: genesis.innerLite, headHash: genesis.hash, blockProducers: producers)
    }

    /// Calls the market from `test.near`; throws with the contract's panic if it fails.
    @discardableResult
    func call(_ method: String, _ args: String, deposit: UInt128 = 0, signer: String = "test.near") async throws -> TxLocation {
        let location = try await execute(
            [.functionCall(FunctionCallAction(methodName: method, args: Array(args.utf8), gas: 300_000_000_000_000, deposit: deposit))], signer: signer)
        if case .failure(let reason) = location.execution.status { throw DevnetFailure("\(method) failed: \(reason)") }
        return location
    }

    /// The `next_light_client_block` results that take a light client from `head` to the newest
    /// final block, and a proof of `receipt`'s outcome against that block.
    func proof(ofReceipt receipt: CryptoHash, from head: CryptoHash) async throws -> (proof: LightClientExecutionProof, blocks: [LightClientBlock]) {
        _ = try await chain.produceBlocks(3)
        var blocks: [LightClientBlock] = []
        var last = head
        while let next = try await chain.nextLightClientBlock(after: last), next.hash != last {
            blocks.append(next)
            last = next.hash
        }
        let proof = try await chain.lightClientProof(.receipt(id: receipt, receiverId: Self.contract), head: last)
        return (proof, blocks)
    }

    private func execute(_ actions: [Action], signer: String = "test.near") async throws -> TxLocation {
        var nonce = nonces[signer] ?? 0
        if nonce == 0 { nonce = await chain.state.accessKey(signer, key.publicKey)?.nonce ?? 0 }
        nonce += 1
        nonces[signer] = nonce
        let tx = Transaction(signerId: signer, publicKey: key.publicKey, nonce: nonce, receiverId: Self.contract,
                             blockHash: await chain.head.hash, actions: actions)
        let hash = try await chain.submit(try tx.signed(with: key))
        _ = try await chain.produceBlock()
        guard let location = try await chain.transaction(hash) else { throw DevnetFailure("transaction \(hash) is not in a block") }
        return location
    }
}

struct DevnetFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
