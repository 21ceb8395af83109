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

    public init() {}

    public var isEmpty: Bool { accounts.isEmpty && accessKeys.isEmpty && code.isEmpty }

    /// Later writes win.
    public mutating func merge(_ other: StateChanges) {
        for (k, v) in other.accounts { accounts[k] = .some(v) }
        for (k, v) in other.accessKeys { accessKeys[k] = .some(v) }
        for (k, v) in other.code { code[k] = v }
    }
}

/// A read-through view: `changes` over `base`. The runtime reads and writes through this so
/// nothing it does touches the committed state.
struct StateOverlay {
    let base: WorldState
    var changes = StateChanges()
    /// Previous values of what the running receipt wrote, so a failed receipt can be undone
    /// without copying the block's changes (which would make a block quadratic).
    private var journal: [UndoEntry] = []

    private enum UndoEntry {
        case account(String, AccountRecord??)
        case accessKey(StateChanges.KeySlot, AccessKey??)
        case code(String, [UInt8]?)
    }

    init(base: WorldState) { self.base = base }

    mutating func beginReceipt() { journal.removeAll(keepingCapacity: true) }

    /// Undoes every write since `beginReceipt()`.
    mutating func rollbackReceipt() {
        for entry in journal.reversed() {
            switch entry {
            case .account(let id, let old): changes.accounts[id] = old
            case .accessKey(let slot, let old): changes.accessKeys[slot] = old
            case .code(let id, let old): changes.code[id] = old
            }
        }
        journal.removeAll(keepingCapacity: true)
    }

    func account(_ id: String) -> AccountRecord? {
        if let changed = changes.accounts[id] { return changed }
        return base.accounts[id]
    }

    mutating func setAccount(_ id: String, _ record: AccountRecord?) {
        journal.append(.account(id, changes.accounts[id]))
        changes.accounts[id] = .some(record)
    }

    func accessKey(_ account: String, _ key: PublicKey) -> AccessKey? {
        if let changed = changes.accessKeys[.init(account: account, publicKey: key)] { return changed }
        if let deleted = changes.accounts[account], deleted == nil { return nil }
        return base.accessKey(account, key)
    }

    mutating func setAccessKey(_ account: String, _ key: PublicKey, _ value: AccessKey?) {
        let slot = StateChanges.KeySlot(account: account, publicKey: key)
        journal.append(.accessKey(slot, changes.accessKeys[slot]))
        changes.accessKeys[slot] = .some(value)
    }

    mutating func setCode(_ account: String, _ code: [UInt8]) {
        journal.append(.code(account, changes.code[account]))
        changes.code[account] = code
    }

    /// Keys of `account` as the overlay sees them (deleting an account deletes its keys).
    func accessKeys(of account: String) -> [PublicKey] {
        var keys = Set(base.accessKeys[account]?.keys.map { $0 } ?? [])
        for (slot, value) in changes.accessKeys where slot.account == account {
            if value == nil { keys.remove(slot.publicKey) } else { keys.insert(slot.publicKey) }
        }
        return Array(keys)
    }
}
