/// NEAR's host functions as a contract imports them from module `env`: name and wasm signature.
/// The validator rejects any other import (NEAR fails such a contract at link time), and the
/// devnet runtime links exactly these names.
public enum NearHostFunctions {
    public struct Signature: Equatable, Sendable {
        public var parameters: [WasmValueType]
        public var results: [WasmValueType]
    }

    public static let module = "env"

    /// Every parameter is a u64 except `abort`'s (AssemblyScript's u32s).
    public static let all: [String: Signature] = {
        var table: [String: Signature] = [:]
        func u64(_ name: String, _ params: Int, returns: Bool = false) {
            table[name] = Signature(parameters: Array(repeating: .i64, count: params), results: returns ? [.i64] : [])
        }
        // registers
        u64("read_register", 2); u64("register_len", 1, returns: true); u64("write_register", 3)
        // context
        for name in ["current_account_id", "signer_account_id", "signer_account_pk", "predecessor_account_id", "input"] { u64(name, 1) }
        for name in ["block_index", "block_timestamp", "epoch_height", "storage_usage", "prepaid_gas", "used_gas"] { u64(name, 0, returns: true) }
        // economics
        u64("account_balance", 1); u64("account_locked_balance", 1); u64("attached_deposit", 1)
        u64("validator_stake", 3); u64("validator_total_stake", 1)
        // math and crypto
        u64("random_seed", 1)
        for name in ["sha256", "keccak256", "keccak512", "ripemd160"] { u64(name, 3) }
        u64("ecrecover", 7, returns: true); u64("ed25519_verify", 6, returns: true)
        // results, logs, panics
        u64("value_return", 2); u64("panic", 0); u64("panic_utf8", 2); u64("log_utf8", 2); u64("log_utf16", 2)
        table["abort"] = Signature(parameters: [.i32, .i32, .i32, .i32], results: [])
        // promises
        u64("promise_create", 8, returns: true); u64("promise_then", 9, returns: true); u64("promise_and", 2, returns: true)
        u64("promise_batch_create", 2, returns: true); u64("promise_batch_then", 3, returns: true)
        u64("promise_batch_action_create_account", 1); u64("promise_batch_action_deploy_contract", 3)
        u64("promise_batch_action_function_call", 7); u64("promise_batch_action_function_call_weight", 8)
        u64("promise_batch_action_transfer", 2); u64("promise_batch_action_stake", 4)
        u64("promise_batch_action_add_key_with_full_access", 4); u64("promise_batch_action_add_key_with_function_call", 8)
        u64("promise_batch_action_delete_key", 3); u64("promise_batch_action_delete_account", 3)
        u64("promise_results_count", 0, returns: true); u64("promise_result", 2, returns: true); u64("promise_return", 1)
        // storage
        u64("storage_write", 5, returns: true); u64("storage_read", 3, returns: true)
        u64("storage_remove", 3, returns: true); u64("storage_has_key", 2, returns: true)
        return table
    }()
}
