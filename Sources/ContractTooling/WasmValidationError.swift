/// Why a module is outside what NEAR's runtime accepts (MVP + sign-ext + mutable globals), with
/// the byte offset where the reader stopped.
public struct WasmValidationError: Error, Equatable, CustomStringConvertible, Sendable {
    public var offset: Int
    public var message: String

    public init(offset: Int, _ message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "at byte \(offset): \(message)" }
}
