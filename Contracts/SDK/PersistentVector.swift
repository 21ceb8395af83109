/// An append-only-friendly vector in contract storage: its length under `prefix` itself and
/// element `i` under `prefix + u32_le(i)` (a different key length, so the two never collide).
public struct PersistentVector<Element: BorshCodable> {
    public let prefix: [UInt8]

    public init(prefix: StaticString) { self.prefix = staticBytes(prefix) }

    public var count: UInt32 {
        get { Near.storageRead(prefix).map { UInt32(borsh: $0) } ?? 0 }
        nonmutating set { Near.storageWrite(prefix, newValue.borshBytes()) }
    }

    func storageKey(_ index: UInt32) -> [UInt8] {
        var writer = BorshWriter()
        writer.write(raw: prefix)
        writer.write(index)
        return writer.bytes
    }

    /// Panics with an index-out-of-range message for `index >= count`.
    public subscript(_ index: UInt32) -> Element {
        get {
            guard index < count, let bytes = Near.storageRead(storageKey(index)) else {
                Near.panic("vector: index out of range")
            }
            return Element(borsh: bytes)
        }
        nonmutating set {
            if index >= count { Near.panic("vector: index out of range") }
            Near.storageWrite(storageKey(index), newValue.borshBytes())
        }
    }

    public func append(_ element: Element) {
        let n = count
        if n == UInt32.max { Near.panic("vector: full") }
        Near.storageWrite(storageKey(n), element.borshBytes())
        count = n + 1
    }

    public func popLast() -> Element? {
        let n = count
        if n == 0 { return nil }
        let key = storageKey(n - 1)
        let element = Near.storageRead(key).map { Element(borsh: $0) }
        Near.storageRemove(key)
        count = n - 1
        return element
    }
}
