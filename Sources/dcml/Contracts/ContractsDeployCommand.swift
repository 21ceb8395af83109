import ArgumentParser
import ContractTooling
import DCMLClient
import Foundation
import NearLightClient

/// `dcml contracts deploy NAME`: the reproducibly built wasm, checked against the committed
/// manifest, sent as DeployContract to any NEAR RPC; the chain's code hash is read back.
struct ContractsDeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Deploy a contract's wasm to an account on the devnet or on NEAR.",
        discussion: """
            Builds NAME from the contracts folder with the pinned flags and refuses to deploy unless \
            its sha256 equals Contracts/manifest.json's (with --wasm, a given file is checked the \
            same way when the manifest lists NAME). The code is deployed to --account, which signs. \
            The account's code_hash on chain is then compared with the wasm's sha256.
            NEAR testnet (create the account first, e.g. with `near account create-account` or \
            `dcml account create`; near-cli keeps keys in ~/.near-credentials/testnet/ID.json):
              dcml contracts deploy counter --rpc https://rpc.testnet.near.org \\
                --account counter.alice.testnet \\
                --key-file ~/.near-credentials/testnet/counter.alice.testnet.json
            """
    )

    @Argument(help: "The contract (a folder under the contracts folder, listed in its manifest).")
    var name: String

    @OptionGroup var rpc: RPCOption

    @Option(help: "The account to deploy to; it signs the transaction.")
    var account: String

    @Option(help: "The account's NEAR credentials file.")
    var keyFile: String

    @Option(help: "Deploy this wasm file instead of building NAME.")
    var wasm: String?

    @Option(help: "The contracts folder (SDK/, one folder per contract, manifest.json).")
    var contracts: String = "Contracts"

    func run() async throws {
        let directory = URL(fileURLWithPath: contracts)
        let code = try loadCode(directory: directory)
        let sha256 = CryptoHash.hash(code)
        var signer = try ChainIO.signer(rpc: try rpc.client(), accountId: account, keyFile: keyFile)
        let outcome = try await signer.deployContract(code)
        try ChainIO.requireSuccess(outcome, "deploying \(name) to \(account)")
        let onChain = try await signer.rpc.viewAccount(account, at: .optimistic).codeHash
        guard onChain == sha256 else {
            throw ChainCommandError("\(account)'s code_hash is \(onChain) after deploying, expected \(sha256) (sha256 \(sha256.hex))")
        }
        print("""
            deployed \(name) (\(code.count) bytes) to \(account)
              transaction: \(outcome.transactionHash)
              code hash:   \(sha256) (sha256 \(sha256.hex))
            """)
    }

    /// The wasm to deploy: built (or read) and, where the manifest lists NAME, equal to it.
    func loadCode(directory: URL) throws -> [UInt8] {
        let manifestURL = directory.appendingPathComponent(ContractManifest.fileName)
        let code: [UInt8]
        if let wasm {
            guard let data = FileManager.default.contents(atPath: wasm) else { throw ChainCommandError("cannot read \(wasm)") }
            code = Array(data)
            guard FileManager.default.fileExists(atPath: manifestURL.path) else { return code }
        } else {
            code = try ContractBuilder(contractsDirectory: directory, toolchain: try ContractToolchain.locate()).build(name).wasm
        }
        let manifest = try ContractManifest.load(from: manifestURL)
        let sha256 = CryptoHash.hash(code).hex
        switch manifest.contracts[name]?.sha256 {
        case sha256?: return code
        case nil where wasm != nil: return code
        case nil:
            throw ChainCommandError("\(manifestURL.path) does not list \(name); run `dcml contracts build \(name)` and commit the manifest")
        case let expected?:
            throw ChainCommandError("\(name) has sha256 \(sha256), \(manifestURL.path) expects \(expected); rebuild with the manifest's toolchain (\(manifest.toolchain)) or update the manifest")
        }
    }
}
