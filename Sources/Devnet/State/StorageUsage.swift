import NearLightClient

/// NEAR's storage accounting (`StorageUsageConfig`): the bytes each record adds to its
/// account's `storage_usage`, so the devnet reports what NEAR would for the same state.
enum StorageUsage {
    /// The account record itself.
    static let account: UInt64 = 100
    /// The per-record overhead on top of a record's key and value bytes.
    static let extraBytesPerRecord: UInt64 = 40

    /// One contract storage record.
    static func data(keyLength: Int, valueLength: Int) -> UInt64 {
        UInt64(keyLength) &+ UInt64(valueLength) &+ extraBytesPerRecord
    }

    /// One access key (borsh public key and access key as the record's key and value).
    static func accessKey(_ key: PublicKey, _ accessKey: AccessKey) -> UInt64 {
        UInt64(key.borshBytes.count) &+ UInt64(accessKey.borshBytes.count) &+ extraBytesPerRecord
    }
}
