/// What NEAR's host functions report that `ContractCall` does not carry (yet): the contract
/// account's balances and storage usage, the signer's key, the epoch and the random seed.
public struct WasmCallEnvironment: Sendable, Equatable {
    public var accountBalance: UInt128
    public var lockedBalance: UInt128
    public var storageUsage: UInt64
    /// Borsh `PublicKey` of the signer (key type byte + 32 bytes).
    public var signerPublicKey: [UInt8]
    public var epochHeight: UInt64
    public var randomSeed: [UInt8]

    public init(accountBalance: UInt128 = 0, lockedBalance: UInt128 = 0, storageUsage: UInt64 = 0,
                signerPublicKey: [UInt8] = [0] + Array(repeating: 0, count: 32), epochHeight: UInt64 = 0,
                randomSeed: [UInt8] = Array(repeating: 0, count: 32)) {
        self.accountBalance = accountBalance
        self.lockedBalance = lockedBalance
        self.storageUsage = storageUsage
        self.signerPublicKey = signerPublicKey
        self.epochHeight = epochHeight
        self.randomSeed = randomSeed
    }
}
