/// Typed access to NEAR's host functions: registers hidden behind `[UInt8]`, balances as
/// `UInt128`, account ids as `AccountId`. Everything a contract needs from the chain goes
/// through here, so the raw imports stay in one file.
public enum Near {
    /// The register the wrappers use for results; contracts never see it.
    static let scratch: UInt64 = 0
    /// `register_len`'s answer for a register that holds nothing.
    static let emptyRegister = UInt64.max

    // MARK: registers

    /// The bytes in `register`, or nil when it was never written.
    public static func readRegister(_ register: UInt64) -> [UInt8]? {
        let len = near_register_len(register)
        if len == emptyRegister { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(len))
        bytes.withUnsafeMutableBufferPointer { near_read_register(register, address($0.baseAddress)) }
        return bytes
    }

    static func scratchBytes() -> [UInt8] { readRegister(scratch) ?? [] }

    // MARK: context

    /// The call's arguments (JSON or borsh, as the method decides).
    public static func input() -> [UInt8] {
        near_input(scratch)
        return scratchBytes()
    }

    public static func currentAccountId() -> AccountId {
        near_current_account_id(scratch)
        return AccountId(bytes: scratchBytes())
    }

    public static func signerAccountId() -> AccountId {
        near_signer_account_id(scratch)
        return AccountId(bytes: scratchBytes())
    }

    public static func predecessorAccountId() -> AccountId {
        near_predecessor_account_id(scratch)
        return AccountId(bytes: scratchBytes())
    }

    public static func blockIndex() -> UInt64 { near_block_index() }
    /// Nanoseconds since the Unix epoch.
    public static func blockTimestamp() -> UInt64 { near_block_timestamp() }
    /// Bytes of state this account uses (NEAR charges storage staking on it).
    public static func storageUsage() -> UInt64 { near_storage_usage() }
    public static func prepaidGas() -> UInt64 { near_prepaid_gas() }
    public static func usedGas() -> UInt64 { near_used_gas() }

    /// Yoctonear attached to this call.
    public static func attachedDeposit() -> UInt128 { readBalance(near_attached_deposit) }
    /// This contract's liquid balance, attached deposit included.
    public static func accountBalance() -> UInt128 { readBalance(near_account_balance) }

    static func readBalance(_ hostCall: (UInt64) -> Void) -> UInt128 {
        var value: UInt128 = 0
        withUnsafeMutableBytes(of: &value) { hostCall(address($0.baseAddress)) }
        return UInt128(littleEndian: value)
    }

    // MARK: crypto

    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        data.withUnsafeBufferPointer { near_sha256(UInt64($0.count), address($0.baseAddress), scratch) }
        return scratchBytes()
    }

    /// Whether `signature` (64 bytes) signs `message` under the 32-byte ed25519 `publicKey`.
    public static func ed25519Verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        if signature.count != 64 || publicKey.count != 32 { return false }
        return signature.withUnsafeBufferPointer { s in
            message.withUnsafeBufferPointer { m in
                publicKey.withUnsafeBufferPointer { k in
                    near_ed25519_verify(64, address(s.baseAddress), UInt64(m.count), address(m.baseAddress),
                                        32, address(k.baseAddress)) == 1
                }
            }
        }
    }

    // MARK: results, logs, panics

    /// The method's return value (the `SuccessValue` of its receipt).
    public static func valueReturn(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { near_value_return(UInt64($0.count), address($0.baseAddress)) }
    }

    public static func log(_ message: StaticString) {
        near_log_utf8(UInt64(message.utf8CodeUnitCount), address(message.utf8Start))
    }

    /// Logs UTF-8 bytes (NEAR rejects invalid UTF-8 and fails the call).
    public static func log(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { near_log_utf8(UInt64($0.count), address($0.baseAddress)) }
    }

    /// Aborts the call: NEAR reverts every storage write and promise of this call, refunds the
    /// attached deposit, and reports `ExecutionError("Smart contract panicked: <message>")`.
    public static func panic(_ message: StaticString) -> Never {
        near_panic_utf8(UInt64(message.utf8CodeUnitCount), address(message.utf8Start))
        fatalError()
    }

    public static func panic(bytes: [UInt8]) -> Never {
        bytes.withUnsafeBufferPointer { near_panic_utf8(UInt64($0.count), address($0.baseAddress)) }
        fatalError()
    }

    /// Panics with `message` unless `condition` holds.
    public static func require(_ condition: Bool, _ message: StaticString) {
        if !condition { panic(message) }
    }

    // MARK: storage

    /// Writes `value` under `key`; true when the key already held a value.
    @discardableResult
    public static func storageWrite(_ key: [UInt8], _ value: [UInt8]) -> Bool {
        key.withUnsafeBufferPointer { k in
            value.withUnsafeBufferPointer { v in
                near_storage_write(UInt64(k.count), address(k.baseAddress), UInt64(v.count), address(v.baseAddress), scratch) == 1
            }
        }
    }

    public static func storageRead(_ key: [UInt8]) -> [UInt8]? {
        let found = key.withUnsafeBufferPointer { near_storage_read(UInt64($0.count), address($0.baseAddress), scratch) }
        return found == 1 ? scratchBytes() : nil
    }

    /// Removes `key`; true when it held a value.
    @discardableResult
    public static func storageRemove(_ key: [UInt8]) -> Bool {
        key.withUnsafeBufferPointer { near_storage_remove(UInt64($0.count), address($0.baseAddress), scratch) } == 1
    }

    public static func storageHasKey(_ key: [UInt8]) -> Bool {
        key.withUnsafeBufferPointer { near_storage_has_key(UInt64($0.count), address($0.baseAddress)) } == 1
    }

    // MARK: promises

    /// Starts a batch of actions on `receiver`; run after this call succeeds.
    public static func promiseBatchCreate(_ receiver: AccountId) -> PromiseIndex {
        let index = receiver.bytes.withUnsafeBufferPointer { near_promise_batch_create(UInt64($0.count), address($0.baseAddress)) }
        return PromiseIndex(raw: index)
    }

    public static func promiseBatchActionTransfer(_ promise: PromiseIndex, amount: UInt128) {
        var le = amount.littleEndian
        withUnsafeBytes(of: &le) { near_promise_batch_action_transfer(promise.raw, address($0.baseAddress)) }
    }

    /// Makes `promise`'s result this call's result.
    public static func promiseReturn(_ promise: PromiseIndex) { near_promise_return(promise.raw) }

    /// Sends `amount` yoctonear to `receiver` once this call succeeds.
    public static func transfer(to receiver: AccountId, amount: UInt128) {
        promiseBatchActionTransfer(promiseBatchCreate(receiver), amount: amount)
    }
}

/// A promise created during this call (NEAR's promise index).
public struct PromiseIndex {
    public let raw: UInt64
}

/// A linear-memory address as NEAR's u64 pointer argument.
@inline(__always)
func address(_ pointer: UnsafeRawPointer?) -> UInt64 { UInt64(UInt(bitPattern: pointer)) }
@inline(__always)
func address<T>(_ pointer: UnsafePointer<T>?) -> UInt64 { UInt64(UInt(bitPattern: pointer)) }
@inline(__always)
func address<T>(_ pointer: UnsafeMutablePointer<T>?) -> UInt64 { UInt64(UInt(bitPattern: pointer)) }
