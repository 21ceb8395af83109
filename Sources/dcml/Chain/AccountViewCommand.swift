import ArgumentParser
import DCMLClient
import NearLightClient

/// `dcml account view ID`: balance, stake, code and keys at the latest final block.
struct AccountViewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Show an account's balance, locked stake, code hash, storage and access keys (final block)."
    )

    @Argument(help: "The account to show.")
    var accountId: String

    @OptionGroup var rpc: RPCOption

    @Flag(help: "Print JSON (amounts as decimal yoctoNEAR strings).")
    var json = false

    func run() async throws {
        let client = try rpc.client()
        let account = try await client.viewAccount(accountId)
        let keys = try await client.viewAccessKeyList(accountId, at: .hash(account.blockHash))
        if json {
            ChainIO.printJSON(.object([
                "account_id": .string(accountId), "amount": .string(String(account.amount)),
                "locked": .string(String(account.locked)), "code_hash": .string(account.codeHash.base58),
                "storage_usage": .unsigned(account.storageUsage), "block_height": .unsigned(account.blockHeight),
                "block_hash": .string(account.blockHash.base58),
                "keys": .array(keys.map { JSONValue.object([
                    "public_key": .string($0.publicKey.description), "nonce": .unsigned($0.accessKey.nonce),
                    "permission": Self.permission($0.accessKey.permission),
                ]) }),
            ]))
            return
        }
        print("""
            account \(accountId) at block \(account.blockHeight) (\(account.blockHash))
              balance:   \(ChainIO.near(account.amount))
              locked:    \(ChainIO.near(account.locked))
              code hash: \(account.codeHash == .zero ? "none" : "\(account.codeHash) (sha256 \(account.codeHash.hex))")
              storage:   \(account.storageUsage) bytes
            """)
        for key in keys {
            print("  key \(key.publicKey): nonce \(key.accessKey.nonce), \(Self.permissionText(key.accessKey.permission))")
        }
    }

    static func permission(_ permission: AccessKeyPermission) -> JSONValue {
        switch permission {
        case .fullAccess: return .string("FullAccess")
        case .functionCall(let p):
            return .object(["FunctionCall": .object([
                "allowance": p.allowance.map { .string(String($0)) } ?? .null, "receiver_id": .string(p.receiverId),
                "method_names": .array(p.methodNames.map(JSONValue.string)),
            ])])
        }
    }

    static func permissionText(_ permission: AccessKeyPermission) -> String {
        switch permission {
        case .fullAccess: return "full access"
        case .functionCall(let p):
            let methods = p.methodNames.isEmpty ? "any method" : p.methodNames.joined(separator: ", ")
            return "function calls to \(p.receiverId) (\(methods))"
        }
    }
}
