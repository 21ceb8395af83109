/// A key-value map kept in contract storage: entry `k` lives under `prefix + borsh(k)`, so maps
/// with distinct prefixes never collide, and reading one entry costs one storage read (nothing is
/// loaded up front).
public struct PersistentMap<Key: BorshCodable, Value: BorshCodable> {
    public let prefix: [UInt8]

    public init(prefix: StaticString) { self.prefix = staticBytes(prefix) }
    public init(prefix: [UInt8]) { self.prefix = prefix }

    func storageKey(_ key: Key) -> [UInt8] {
        var writer = BorshWriter()
        writer.write(raw: prefix)
        key.encode(to: &writer)
        return writer.bytes
    }

    public subscript(_ key: Key) -> Value? {
        get { Near.storageRead(storageKey(key)).map { Value(borsh: $0) } }
        nonmutating set {
            if let newValue { Near.storageWrite(storageKey(key), newValue.borshBytes()) }
            else { Near.storageRemove(storageKey(key)) }
        }
    }

    public func contains(_ key: Key) -> Bool { Near.storageHasKey(storageKey(key)) }

    /// Removes `key`'s entry; true when there was one.
    @discardableResult
    public func remove(_ key: Key) -> Bool { Near.storageRemove(storageKey(key)) }
}
