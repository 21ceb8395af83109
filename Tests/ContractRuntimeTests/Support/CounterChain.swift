import Foundation
import NearLightClient
@testable import Devnet

/// A devnet in a temporary directory (WasmKit runtime, the chain's default) with the counter
/// deployed on `counter.test.near`, an account with its own key and 10 NEAR, created by the
/// funded `test.near` whose key the test also holds.
struct CounterChain {
    static let oneNear: UInt128 = 1_000_000_000_000_000_000_000_000
    static let contract = "counter.test.near"

    let directory: URL
    let genesis: Genesis
    let key: SecretKey
    let contractKey = SecretKey.generate()
    private(set) var chain: Chain
    private var nonces: [String: UInt64] = [:]

    init(epochLength: UInt64 = 5) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("contracts-chain-\(UUID().uuidString)")
        let made = Genesis.makeDefault(epochLength: epochLength)
        genesis = made.genesis
        key = made.testKey
        chain = try Chain(directory: directory, genesis: genesis)
        let deployed = try await execute([
            .createAccount, .addKey(publicKey: contractKey.publicKey, accessKey: .fullAccess),
            .transfer(deposit: 10 * Self.oneNear), .deployContract(code: try CounterWasm.code()),
        ], to: Self.contract)
        guard deployed.execution.status == .successValue([]) else { throw Failure("deploy failed: \(deployed.execution.status)") }
    }

    /// Closes nothing (SQLite is left as a killed process leaves it) and opens the directory again.
    mutating func reopen() throws {
        chain = try Chain(directory: directory, genesis: nil)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// A signed transaction with the signer's next nonce.
    mutating func transaction(_ actions: [Action], to receiver: String, signer: String = "test.near") async throws -> SignedTransaction {
        let signingKey = signer == Self.contract ? contractKey : key
        var nonce = nonces[signer] ?? 0
        if nonce == 0 { nonce = await chain.state.accessKey(signer, signingKey.publicKey)?.nonce ?? 0 }
        nonce += 1
        nonces[signer] = nonce
        let tx = Transaction(signerId: signer, publicKey: signingKey.publicKey, nonce: nonce, receiverId: receiver,
                             blockHash: await chain.head.hash, actions: actions)
        return try tx.signed(with: signingKey)
    }

    /// Submits the transactions and commits them in one block; returns where each landed.
    mutating func executeInOneBlock(_ signed: [SignedTransaction]) async throws -> [TxLocation] {
        var hashes: [CryptoHash] = []
        for tx in signed { hashes.append(try await chain.submit(tx)) }
        try await chain.produceBlock()
        var locations: [TxLocation] = []
        for hash in hashes {
            guard let location = try await chain.transaction(hash) else { throw Failure("transaction \(hash) not in a block") }
            locations.append(location)
        }
        return locations
    }

    mutating func execute(_ actions: [Action], to receiver: String, signer: String = "test.near") async throws -> TxLocation {
        try await executeInOneBlock([transaction(actions, to: receiver, signer: signer)])[0]
    }

    /// Calls a counter method from `test.near`.
    mutating func call(_ method: String, _ args: String = "", deposit: UInt128 = 0, gas: UInt64 = 30_000_000_000_000) async throws -> TxLocation {
        try await execute([.functionCall(FunctionCallAction(methodName: method, args: Array(args.utf8), gas: gas, deposit: deposit))], to: Self.contract)
    }

    /// Sum over all accounts plus everything burnt: what genesis handed out, always.
    func conservedTotal() async throws -> UInt128 {
        var burnt: UInt128 = 0
        let height = await chain.head.height
        for h in 0...height {
            for execution in try await chain.body(height: h)?.body.executions ?? [] { burnt += execution.tokensBurnt }
        }
        return await chain.state.totalBalance + burnt
    }

    var genesisTotal: UInt128 {
        genesis.accounts.reduce(0) { $0 + $1.amount } + genesis.validators.reduce(0) { $0 + $1.amount + $1.stake }
    }

    func balance(_ account: String) async -> UInt128 { await chain.state.accounts[account]?.amount ?? 0 }

    /// The counter's storage, as the chain holds it.
    func storage() async -> [[UInt8]: [UInt8]] { await chain.state.data[Self.contract] ?? [:] }
}

extension TxLocation {
    /// The returned value as text, or nil when the transaction did not end in a value.
    var returnedText: String? {
        guard case .successValue(let bytes) = execution.status else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
