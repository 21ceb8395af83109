// Reading and checking JSON arguments. Every bad argument panics with a message naming the
// argument and what was expected; a panic reverts the call and refunds its deposit.

func requiredString(_ args: JSONValue, _ key: StaticString, _ message: StaticString) -> [UInt8] {
    guard let value = args[key]?.stringBytes else { Near.panic(message) }
    return value
}

/// A yoctoNEAR amount: a decimal string (NEAR's convention for u128) or a JSON integer.
func requiredAmount(_ args: JSONValue, _ key: StaticString, _ message: StaticString) -> UInt128 {
    guard let value = args[key]?.uint128 else { Near.panic(message) }
    return value
}

func requiredU64(_ args: JSONValue, _ key: StaticString, _ message: StaticString) -> UInt64 {
    guard let value = args[key]?.uint64 else { Near.panic(message) }
    return value
}

func requiredAccount(_ args: JSONValue, _ key: StaticString, _ message: StaticString) -> AccountId {
    guard let bytes = args[key]?.stringBytes else { Near.panic(message) }
    let account = AccountId(bytes: bytes)
    if !account.isValid { Near.panic(message) }
    return account
}

/// Exactly `count` bytes written as hex (either case).
func requiredHex(_ args: JSONValue, _ key: StaticString, count: Int, _ message: StaticString) -> [UInt8] {
    guard let text = args[key]?.stringBytes, let bytes = Hex.decode(text), bytes.count == count else { Near.panic(message) }
    return bytes
}

/// Absent or null → nil; otherwise exactly `count` bytes of hex.
func optionalHex(_ args: JSONValue, _ key: StaticString, count: Int, _ message: StaticString) -> [UInt8]? {
    guard let value = args[key] else { return nil }
    if case .null = value { return nil }
    guard let text = value.stringBytes, let bytes = Hex.decode(text), bytes.count == count else { Near.panic(message) }
    return bytes
}

func isPresent(_ args: JSONValue, _ key: StaticString) -> Bool {
    guard let value = args[key] else { return false }
    if case .null = value { return false }
    return true
}

/// A model id: 1–128 bytes of `A-Z a-z 0-9 . _ - : / @ +` (printable, no quotes or spaces, so it
/// travels unescaped in JSON, logs and storage keys).
func requiredModelId(_ args: JSONValue) -> [UInt8] {
    let id = requiredString(args, "model_id", "expected model_id: 1-128 characters of A-Z a-z 0-9 . _ - : / @ +")
    Near.require(isValidModelId(id), "expected model_id: 1-128 characters of A-Z a-z 0-9 . _ - : / @ +")
    return id
}

func isValidModelId(_ id: [UInt8]) -> Bool {
    if id.isEmpty || id.count > 128 { return false }
    for c in id {
        let alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
        let punct = c == 0x2E || c == 0x5F || c == 0x2D || c == 0x3A || c == 0x2F || c == 0x40 || c == 0x2B
        if !alnum && !punct { return false }
    }
    return true
}

/// A chain id: 1–64 bytes of `a-z A-Z 0-9 . _ -` (no ':', the closure message's separator).
func isValidChainId(_ id: [UInt8]) -> Bool {
    if id.isEmpty || id.count > 64 { return false }
    for c in id {
        let alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
        if !alnum && c != 0x2E && c != 0x5F && c != 0x2D { return false }
    }
    return true
}

func checkedAdd(_ a: UInt128, _ b: UInt128) -> UInt128 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    Near.require(!overflow, "amount overflow")
    return sum
}

/// `NEP-297` event log: `EVENT_JSON:{"standard":"dcml_market","version":"1.0.0","event":…,"data":…}`.
func emitEvent(_ name: StaticString, _ data: (inout JSONWriter) -> Void) {
    var w = JSONWriter()
    w.beginObject()
    w.key("standard"); w.string("dcml_market")
    w.key("version"); w.string("1.0.0")
    w.key("event"); w.string(name)
    w.key("data"); data(&w)
    w.endObject()
    Near.log(bytes: staticBytes("EVENT_JSON:") + w.bytes)
}
