#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

/// `query`: `view_account`, `view_access_key`, `view_access_key_list`, `call_function`,
/// `view_state`, `view_code`, in the object form and the legacy `["account/ID", ""]` path form.
/// The devnet keeps only the latest state, so every block reference reads it; the block named
/// in the answer is the one the reference resolves to.
extension DevnetRPC {
    func query(_ params: JSONValue) async throws(RPCError) -> RPCResult {
        var request = params
        if let path = params[0]?.string {
            request = try Self.legacyQuery(path: path, data: params[1]?.string ?? "")
        }
        guard let type = request["request_type"]?.string else {
            throw .invalidParams("query needs \"request_type\" (view_account, view_access_key, view_access_key_list, call_function, view_state, view_code)")
        }
        let block = try await BlockReference.parse(object: request).resolve(on: chain)
        guard let account = request["account_id"]?.string else { throw .invalidParams("query \(type) needs \"account_id\"") }
        let state = await chain.state
        var result: [String: JSONValue]
        switch type {
        case "view_account":
            guard let record = state.accounts[account] else { throw .unknownAccount(account, at: block) }
            result = [
                "amount": .u128(record.amount), "locked": .u128(record.locked), "code_hash": .hash(record.codeHash),
                "storage_usage": .unsigned(record.storageUsage), "storage_paid_at": .unsigned(0),
            ]
        case "view_access_key":
            guard state.accounts[account] != nil else { throw .unknownAccount(account, at: block) }
            let keyText = request["public_key"]?.string ?? ""
            guard let key = try? PublicKey(keyText), let accessKey = state.accessKey(account, key) else {
                throw .unknownAccessKey(keyText, at: block)
            }
            guard case .object(let fields) = ActionView.accessKeyJSON(accessKey) else { throw .internalError("access key view") }
            result = fields
        case "view_access_key_list":
            guard state.accounts[account] != nil else { throw .unknownAccount(account, at: block) }
            let keys = (state.accessKeys[account] ?? [:]).sorted { $0.key.description < $1.key.description }
            result = ["keys": .array(keys.map {
                .object(["public_key": .string($0.key.description), "access_key": ActionView.accessKeyJSON($0.value)])
            })]
        case "view_code":
            guard let record = state.accounts[account] else { throw .unknownAccount(account, at: block) }
            guard let code = state.code[account] else { throw .noContractCode(account, at: block) }
            result = ["code_base64": .string(Data(code).base64EncodedString()), "hash": .hash(record.codeHash)]
        case "view_state":
            guard state.accounts[account] != nil else { throw .unknownAccount(account, at: block) }
            let prefix = Array(Data(base64Encoded: request["prefix_base64"]?.string ?? "") ?? Data())
            let values = (state.data[account] ?? [:]).filter { $0.key.starts(with: prefix) }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
            result = ["values": .array(values.map {
                .object(["key": .string(Data($0.key).base64EncodedString()), "value": .string(Data($0.value).base64EncodedString()), "proof": .array([])])
            }), "proof": .array([])]
        case "call_function":
            guard let record = state.accounts[account] else { throw .unknownAccount(account, at: block) }
            guard let code = state.code[account], record.codeHash != .zero else { throw .noContractCode(account, at: block) }
            let method = request["method_name"]?.string ?? ""
            guard let args = Data(base64Encoded: request["args_base64"]?.string ?? "") else {
                throw .invalidParams("args_base64 is not base64")
            }
            let call = ContractCall(
                contractId: account, code: code, codeHash: record.codeHash, predecessorId: account, signerId: account, methodName: method,
                args: Array(args), gas: 300_000_000_000_000, deposit: 0, isView: true,
                storage: ContractStorage(committed: state.data[account] ?? [:]), accountBalance: record.amount,
                lockedBalance: record.locked, storageUsage: record.storageUsage, blockHeight: block.height,
                blockTimestamp: block.innerLite.timestamp, epochHeight: chain.schedule.epochHeight(ofHeight: block.height))
            let outcome = await chain.runtime.contracts.call(call)
            switch outcome.result {
            case .success(.value(let value)):
                result = ["result": .array(value.map { .unsigned(UInt64($0)) }), "logs": .array(outcome.logs.map(JSONValue.string))]
            case .success(.promise):
                // The runtime refuses promise_return in views (ProhibitedInView); a view's
                // result can only be bytes.
                throw .contractExecution("promise_return is not allowed in view calls", at: block)
            case .failure(let failure):
                throw .contractExecution(failure.message, at: block)
            }
        default:
            throw .invalidParams("unknown request_type '\(type)', expected view_account, view_access_key, view_access_key_list, call_function, view_state or view_code")
        }
        result["block_height"] = .unsigned(block.height)
        result["block_hash"] = .hash(block.hash)
        return .json(.object(result))
    }

    /// The old path form: `account/ID`, `access_key/ID[/KEY]`, `code/ID`, `contract/ID`
    /// (view_state), `call/ID/METHOD` with base58 args in `data`.
    static func legacyQuery(path: String, data: String) throws(RPCError) -> JSONValue {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { throw .invalidParams("query path '\(path)', expected e.g. account/<account_id>") }
        var fields: [String: JSONValue] = ["account_id": .string(parts[1]), "finality": .string("optimistic")]
        switch parts[0] {
        case "account": fields["request_type"] = .string("view_account")
        case "access_key" where parts.count >= 3:
            fields["request_type"] = .string("view_access_key")
            fields["public_key"] = .string(parts[2])
        case "access_key": fields["request_type"] = .string("view_access_key_list")
        case "code": fields["request_type"] = .string("view_code")
        case "contract":
            fields["request_type"] = .string("view_state")
            fields["prefix_base64"] = .string(Data((try? Base58.decode(data)) ?? []).base64EncodedString())
        case "call" where parts.count >= 3:
            fields["request_type"] = .string("call_function")
            fields["method_name"] = .string(parts[2])
            fields["args_base64"] = .string(Data((try? Base58.decode(data)) ?? []).base64EncodedString())
        default: throw .invalidParams("query path '\(path)' is not one of account/, access_key/, code/, contract/, call/")
        }
        return .object(fields)
    }
}
