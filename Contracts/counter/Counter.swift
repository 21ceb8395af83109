// The first DCML contract: a counter, kept small, that exercises the SDK end to end (JSON and
// borsh arguments, storage through the persistent collections, logs, panics that revert,
// deposits, promise transfers and the crypto host functions).

let total = PersistentValue<UInt64>(key: "c")
let perAccount = PersistentMap<AccountId, UInt64>(prefix: "a")
let history = PersistentVector<UInt64>(prefix: "h")

/// `{"by": n}` (default 1): adds to the total and the caller's own count, returns the new total.
@_expose(wasm, "increment")
@_cdecl("increment")
public func increment() {
    Contract.requireNoDeposit()
    let by = Contract.jsonArguments()["by"]?.uint64 ?? 1
    let (next, overflow) = (total.value ?? 0).addingReportingOverflow(by)
    Near.require(!overflow, "counter overflow")
    total.value = next
    let caller = Near.predecessorAccountId()
    perAccount[caller] = (perAccount[caller] ?? 0) &+ by
    history.append(next)
    Near.log("incremented")
    Contract.returnJSON { $0.number(next) }
}

/// View: the total.
@_expose(wasm, "get_count")
@_cdecl("get_count")
public func getCount() {
    Contract.returnJSON { $0.number(total.value ?? 0) }
}

/// View: `{"account_id": "…"}` → what that account added.
@_expose(wasm, "get_for")
@_cdecl("get_for")
public func getFor() {
    guard let id = Contract.jsonArguments()["account_id"]?.stringBytes else { Near.panic("expected {\"account_id\": string}") }
    Contract.returnJSON { $0.number(perAccount[AccountId(bytes: id)] ?? 0) }
}

/// View: `{"index": i}` → the total after the i-th increment.
@_expose(wasm, "get_history")
@_cdecl("get_history")
public func getHistory() {
    guard let index = Contract.jsonArguments()["index"]?.uint64, index < UInt64(UInt32.max) else {
        Near.panic("expected {\"index\": number}")
    }
    let value = history[UInt32(index)]
    Contract.returnJSON { w in
        w.beginObject()
        w.key("index"); w.number(index)
        w.key("total"); w.number(value)
        w.key("length"); w.number(UInt64(history.count))
        w.endObject()
    }
}

/// Writes, logs, then panics: the write and the attached deposit must both be undone.
@_expose(wasm, "increment_and_fail")
@_cdecl("increment_and_fail")
public func incrementAndFail() {
    total.value = (total.value ?? 0) &+ 1000
    Near.log("about to fail")
    Near.panic("deliberate failure")
}

/// Payable: keeps the attached deposit and sends `{"amount": "yocto"}` of the contract's balance
/// to the caller through a transfer promise (returns the promise's result).
@_expose(wasm, "tip_back")
@_cdecl("tip_back")
public func tipBack() {
    guard let amount = Contract.jsonArguments()["amount"]?.uint128 else { Near.panic("expected {\"amount\": \"yocto\"}") }
    Near.require(amount <= Near.accountBalance(), "not enough balance")
    let promise = Near.promiseBatchCreate(Near.predecessorAccountId())
    Near.promiseBatchActionTransfer(promise, amount: amount)
    Near.promiseReturn(promise)
}

/// Payable: sends `{"to": "account", "amount": "yocto"}` of the contract's balance through a
/// transfer promise and returns nothing (the transfer's receipt succeeds or fails on its own).
@_expose(wasm, "pay")
@_cdecl("pay")
public func pay() {
    let args = Contract.jsonArguments()
    guard let to = args["to"]?.stringBytes, let amount = args["amount"]?.uint128 else {
        Near.panic("expected {\"to\": string, \"amount\": \"yocto\"}")
    }
    Near.require(amount <= Near.accountBalance(), "not enough balance")
    Near.transfer(to: AccountId(bytes: to), amount: amount)
}

/// Who is calling and with what, and what NEAR reports about this account and block (the
/// caller fields make it fail as a view, as NEAR's ProhibitedInView does).
@_expose(wasm, "context")
@_cdecl("context")
public func context() {
    Contract.returnJSON { w in
        w.beginObject()
        w.key("current"); w.string(Near.currentAccountId().bytes)
        w.key("signer"); w.string(Near.signerAccountId().bytes)
        w.key("predecessor"); w.string(Near.predecessorAccountId().bytes)
        w.key("deposit"); w.amount(Near.attachedDeposit())
        w.key("balance"); w.amount(Near.accountBalance())
        w.key("locked"); w.amount(Near.readBalance(near_account_locked_balance))
        w.key("storage_usage"); w.number(near_storage_usage())
        w.key("block_index"); w.number(Near.blockIndex())
        w.key("block_timestamp"); w.number(Near.blockTimestamp())
        w.key("epoch_height"); w.number(near_epoch_height())
        w.endObject()
    }
}

/// Borsh in (`Vec<u8>`), borsh out: the sha256 of the bytes.
@_expose(wasm, "hash")
@_cdecl("hash")
public func hash() {
    let data = Contract.borshArguments([UInt8].self)
    Near.valueReturn(Near.sha256(data))
}

/// Borsh in (`[u8; 64]` signature, `Vec<u8>` message, `[u8; 32]` key) → JSON bool.
@_expose(wasm, "verify")
@_cdecl("verify")
public func verify() {
    var reader = BorshReader(Near.input())
    let signature = reader.readRaw(count: 64)
    let message = reader.readBytes()
    let key = reader.readRaw(count: 32)
    reader.finish()
    let ok = Near.ed25519Verify(signature: signature, message: message, publicKey: key)
    Contract.returnJSON { $0.bool(ok) }
}
