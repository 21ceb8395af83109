import NearLightClient

/// The writes of one receipt or one block, kept apart from `WorldState` until they commit: a
/// failed receipt drops its own, and a block's reach memory only after SQLite has them.
/// `nil` values are deletions.
public struct StateChanges: Sendable {
    public struct KeySlot: Hashable, Sendable {
        public var account: String
        public var publicKey: PublicKey
    }

    public var accounts: [String: AccountRecord?] = [:]
    public var accessKeys: [KeySlot: AccessKey?] = [:]
    public var code: [String: [UInt8]] = [:]
    /// Contract storage writes per account: key → value, `nil` a removal.
    public var data: [String: [[UInt8]: [UInt8]?]] = [:]

    public init() {}
}
