/// A contract's storage as a call sees it: the committed records with the writes of earlier
/// receipts in the same block on top (`nil` there is a removal). Holding both dictionaries is
/// free (copy on write), so a call costs nothing per record already stored.
public struct ContractStorage: Sendable {
    public var committed: [[UInt8]: [UInt8]]
    public var pending: [[UInt8]: [UInt8]?]

    public init(committed: [[UInt8]: [UInt8]] = [:], pending: [[UInt8]: [UInt8]?] = [:]) {
        self.committed = committed
        self.pending = pending
    }

    public subscript(key: [UInt8]) -> [UInt8]? {
        if let written = pending[key] { return written }
        return committed[key]
    }
}
