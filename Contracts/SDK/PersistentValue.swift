/// One value in contract storage under a fixed key (a contract's top-level state).
public struct PersistentValue<Value: BorshCodable> {
    public let key: [UInt8]

    public init(key: StaticString) { self.key = staticBytes(key) }

    public var value: Value? {
        get { Near.storageRead(key).map { Value(borsh: $0) } }
        nonmutating set {
            if let newValue { Near.storageWrite(key, newValue.borshBytes()) } else { Near.storageRemove(key) }
        }
    }
}
