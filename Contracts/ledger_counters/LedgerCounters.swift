// Monotonic counters anchored on chain, for TEEs without a hardware counter (paper §6.1): the
// chain is the one thing the host cannot rewind. Each counter belongs to the account that
// increments it (a node's own NEAR account) and a name (one per channel ledger), so nobody else
// can move it; anyone can read it. A value only ever grows by one.
//
// The node reads and increments with function-call transactions and proves their outcomes with
// its light client, so a lying RPC cannot show it an old value.

/// A counter's storage key: its owner and its name, each length-prefixed (borsh), so no two
/// (owner, name) pairs share a key.
struct CounterKey: BorshCodable {
    var owner: AccountId
    var name: [UInt8]

    init(owner: AccountId, name: [UInt8]) {
        self.owner = owner
        self.name = name
    }

    init(from reader: inout BorshReader) {
        owner = AccountId(from: &reader)
        name = reader.readBytes()
    }

    func encode(to writer: inout BorshWriter) {
        owner.encode(to: &writer)
        writer.write(bytes: name)
    }
}

let counters = PersistentMap<CounterKey, UInt64>(prefix: "n")

/// 1 to 128 bytes of `A-Z a-z 0-9 - _ .`: a ledger's file name.
func counterName(_ value: JSONValue?) -> [UInt8] {
    guard let name = value?.stringBytes, !name.isEmpty, name.count <= 128 else {
        Near.panic("expected \"name\": 1 to 128 characters of A-Z a-z 0-9 - _ .")
    }
    for byte in name {
        let allowed = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x2D || byte == 0x5F || byte == 0x2E
        Near.require(allowed, "expected \"name\": 1 to 128 characters of A-Z a-z 0-9 - _ .")
    }
    return name
}

/// `{"name": "…"}`: adds one to the caller's counter `name` (0 before the first increment) and
/// returns the new value.
@_expose(wasm, "increment")
@_cdecl("increment")
public func increment() {
    Contract.requireNoDeposit()
    let key = CounterKey(owner: Near.predecessorAccountId(), name: counterName(Contract.jsonArguments()["name"]))
    let (next, overflow) = (counters[key] ?? 0).addingReportingOverflow(1)
    Near.require(!overflow, "counter overflow")
    counters[key] = next
    Contract.returnJSON { $0.number(next) }
}

/// `{"owner": "…", "name": "…"}` → the counter's value (0 if never incremented). A view, and
/// also callable in a transaction, whose proven outcome is a read the RPC cannot fake.
@_expose(wasm, "get")
@_cdecl("get")
public func get() {
    let arguments = Contract.jsonArguments()
    guard let owner = arguments["owner"]?.stringBytes.map(AccountId.init(bytes:)), owner.isValid else {
        Near.panic("expected \"owner\": a NEAR account id")
    }
    let value = counters[CounterKey(owner: owner, name: counterName(arguments["name"]))] ?? 0
    Contract.returnJSON { $0.number(value) }
}
