/// Helpers for writing exported methods. A NEAR method is a wasm export taking and returning
/// nothing; in Swift:
///
///     @_expose(wasm, "increment")
///     @_cdecl("increment")
///     public func increment() { ... }
///
/// Arguments come from `Contract.jsonArguments()` or `borshArguments()`, results go out through
/// `returnJSON`/`returnBorsh`, and any `Near.panic` reverts the whole call.
public enum Contract {
    /// The arguments parsed as JSON; an empty input reads as `{}`.
    public static func jsonArguments() -> JSONValue {
        let input = Near.input()
        if input.isEmpty { return .object([]) }
        return JSONValue.parse(input)
    }

    public static func borshArguments<T: BorshCodable>(_: T.Type = T.self) -> T { T(borsh: Near.input()) }

    public static func returnJSON(_ build: (inout JSONWriter) -> Void) {
        var writer = JSONWriter()
        build(&writer)
        Near.valueReturn(writer.bytes)
    }

    public static func returnBorsh<T: BorshCodable>(_ value: T) { Near.valueReturn(value.borshBytes()) }

    /// For methods that must not take money (NEAR's default for non-payable methods).
    public static func requireNoDeposit() {
        if Near.attachedDeposit() != 0 { Near.panic("Method doesn't accept deposit") }
    }

    /// For methods only the contract itself may call (callbacks).
    public static func requirePrivate() {
        if Near.predecessorAccountId() != Near.currentAccountId() { Near.panic("Method is private") }
    }
}
