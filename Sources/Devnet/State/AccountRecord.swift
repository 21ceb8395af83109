import NearLightClient

/// An account as the chain keeps it (nearcore's `Account`): liquid and locked yoctoNEAR, the
/// hash of its contract code (zero when none) and the bytes of state it pays storage for.
public struct AccountRecord: Hashable, Sendable {
    public var amount: UInt128
    public var locked: UInt128
    public var codeHash: CryptoHash
    public var storageUsage: UInt64

    public init(amount: UInt128, locked: UInt128 = 0, codeHash: CryptoHash = .zero, storageUsage: UInt64) {
        self.amount = amount
        self.locked = locked
        self.codeHash = codeHash
        self.storageUsage = storageUsage
    }
}
