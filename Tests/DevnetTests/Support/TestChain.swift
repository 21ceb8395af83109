import Foundation
import NearLightClient
@testable import Devnet

/// A fresh devnet in a temporary directory with a funded `test.near` whose key the test holds.
struct TestChain {
    let directory: URL
    let genesis: Genesis
    let key: SecretKey
    let chain: Chain

    init(epochLength: UInt64 = 5, directory: URL? = nil) throws {
        let dir = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("devnet-test-\(UUID().uuidString)")
        let (genesis, key) = Genesis.makeDefault(epochLength: epochLength)
        self.directory = dir
        self.genesis = genesis
        self.key = key
        chain = try Chain(directory: dir, genesis: genesis)
    }

    static let oneNear: UInt128 = 1_000_000_000_000_000_000_000_000

    func transaction(nonce: UInt64, to receiver: String, _ actions: [Action], signer: String = "test.near", key: SecretKey? = nil) async throws -> SignedTransaction {
        let key = key ?? self.key
        let tx = Transaction(
            signerId: signer, publicKey: key.publicKey, nonce: nonce, receiverId: receiver,
            blockHash: await chain.head.hash, actions: actions)
        return try tx.signed(with: key)
    }

    /// Submits, produces a block, and returns where the transaction landed.
    func execute(_ signed: SignedTransaction) async throws -> TxLocation {
        let hash = try await chain.submit(signed)
        try await chain.produceBlock()
        return try require(try await chain.transaction(hash), "transaction \(hash) not in a block")
    }

    /// Sum over all accounts plus everything burnt: what genesis handed out, always.
    func conservedTotal() async throws -> UInt128 {
        var burnt: UInt128 = 0
        let height = await chain.head.height
        for h in 0...height {
            for e in try await chain.body(height: h)?.body.executions ?? [] {
                burnt += e.tokensBurnt
            }
        }
        return await chain.state.totalBalance + burnt
    }

    var genesisTotal: UInt128 {
        genesis.accounts.reduce(0) { $0 + $1.amount } + genesis.validators.reduce(0) { $0 + $1.amount + $1.stake }
    }
}

func require<T>(_ value: T?, _ message: String = "unexpected nil") throws -> T {
    guard let value else { throw TestFailure(message) }
    return value
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
