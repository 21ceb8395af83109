import ArgumentParser
import DCMLClient
import Foundation
import NearLightClient

/// `dcml account create NEW_ID`: a new key pair, the credentials file written first (0600), then
/// one transaction CreateAccount + Transfer + AddKey (full access) signed by `--signer`.
struct AccountCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an account with a new full-access key, funded by the signer.",
        discussion: """
            Generates an ed25519 key pair, writes it as a NEAR credentials file (mode 0600; the \
            private key is never printed), then sends CreateAccount + Transfer + AddKey from \
            --signer. On NEAR only the parent account may create a sub-account: alice.testnet can \
            create app.alice.testnet. Example on NEAR testnet:
              dcml account create app.alice.testnet --rpc https://rpc.testnet.near.org \\
                --signer alice.testnet --key-file ~/.near-credentials/testnet/alice.testnet.json \\
                --amount 1 --out ~/.near-credentials/testnet/app.alice.testnet.json
            """
    )

    @Argument(help: "The account to create.")
    var newAccountId: String

    @OptionGroup var rpc: RPCOption

    @Option(help: "The paying account.")
    var signer: String

    @Option(help: "The signer's NEAR credentials file (JSON with account_id, public_key, private_key).")
    var keyFile: String

    @Option(help: "Initial balance in NEAR (decimals allowed, converted exactly).")
    var amount: String = "1"

    @Option(help: "Where to write the new account's credentials (default: NEW_ID.json; never overwritten).")
    var out: String?

    func run() async throws {
        do { try AccountId.validate(newAccountId) } catch { throw ValidationError("\(error)") }
        let deposit = try ChainIO.amount(near: amount, yocto: nil)
        var signer = try ChainIO.signer(rpc: try rpc.client(), accountId: signer, keyFile: keyFile)
        let key = SecretKey.generate()
        let path = URL(fileURLWithPath: NSString(string: out ?? "\(newAccountId).json").expandingTildeInPath)
        // The key goes to disk before the account exists, so a created account is never keyless.
        try CredentialsWriter.save(KeyFile(accountId: newAccountId, secretKey: key), to: path)
        let outcome: FinalExecutionOutcome
        do {
            outcome = try await signer.createAccount(newAccountId, publicKey: key.publicKey, initialBalance: deposit)
            try ChainIO.requireSuccess(outcome, "creating \(newAccountId)")
        } catch {
            // Keep the key when the transaction may still land (timeout, lost connection).
            if Self.certainlyNotCreated(error) { try? FileManager.default.removeItem(at: path) }
            throw error
        }
        print("""
            created \(newAccountId) with \(ChainIO.near(deposit))
              transaction: \(outcome.transactionHash)
              public key:  \(key.publicKey)
              key file:    \(path.path)
            """)
    }

    /// True when the node refused the transaction or it ran and failed; false when its fate is
    /// unknown.
    static func certainlyNotCreated(_ error: any Error) -> Bool {
        switch error {
        case is ChainCommandError: return true
        case let error as NearRPCClientError:
            if case .server = error { return error.cause != "TIMEOUT_ERROR" }
            return false
        default: return false
        }
    }
}
