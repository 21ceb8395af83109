#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

/// nearcore's `ActionView` JSON: `"CreateAccount"`, `{"Transfer": {"deposit": "…"}}`, … (a
/// deployed contract shows as the base64 of its code hash, as nearcore does).
enum ActionView {
    static func json(_ action: Action) -> JSONValue {
        switch action {
        case .createAccount: return .string("CreateAccount")
        case .deployContract(let code):
            return .object(["DeployContract": .object(["code": .string(Data(CryptoHash.hash(code).bytes).base64EncodedString())])])
        case .functionCall(let call):
            return .object(["FunctionCall": .object([
                "method_name": .string(call.methodName), "args": .string(Data(call.args).base64EncodedString()),
                "gas": .unsigned(call.gas), "deposit": .u128(call.deposit),
            ])])
        case .transfer(let deposit): return .object(["Transfer": .object(["deposit": .u128(deposit)])])
        case .stake(let stake, let key):
            return .object(["Stake": .object(["stake": .u128(stake), "public_key": .string(key.description)])])
        case .addKey(let key, let accessKey):
            return .object(["AddKey": .object(["public_key": .string(key.description), "access_key": accessKeyJSON(accessKey)])])
        case .deleteKey(let key): return .object(["DeleteKey": .object(["public_key": .string(key.description)])])
        case .deleteAccount(let beneficiary):
            return .object(["DeleteAccount": .object(["beneficiary_id": .string(beneficiary)])])
        }
    }

    /// `AccessKeyView`: `{"nonce": n, "permission": "FullAccess" | {"FunctionCall": {…}}}`.
    static func accessKeyJSON(_ key: AccessKey) -> JSONValue {
        .object(["nonce": .unsigned(key.nonce), "permission": permissionJSON(key.permission)])
    }

    static func permissionJSON(_ permission: AccessKeyPermission) -> JSONValue {
        switch permission {
        case .fullAccess: return .string("FullAccess")
        case .functionCall(let p):
            return .object(["FunctionCall": .object([
                "allowance": p.allowance.map { JSONValue.u128($0) } ?? .null,
                "receiver_id": .string(p.receiverId), "method_names": .array(p.methodNames.map(JSONValue.string)),
            ])])
        }
    }
}
