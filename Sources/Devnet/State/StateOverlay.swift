import NearLightClient

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
        case data(String, [UInt8], [UInt8]??)
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
            case .data(let id, let key, let old):
                changes.data[id, default: [:]][key] = old
                if changes.data[id]?.isEmpty == true { changes.data[id] = nil }
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

    func code(_ account: String) -> [UInt8]? { changes.code[account] ?? base.code[account] }

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

    // MARK: Contract storage

    /// What a contract running now reads: the committed storage with this block's earlier
    /// writes on top. Both dictionaries are shared, not copied.
    func storage(of account: String) -> ContractStorage {
        ContractStorage(committed: base.data[account] ?? [:], pending: changes.data[account] ?? [:])
    }

    /// Writes (or, with `nil`, removes) one storage record of `account`.
    mutating func setData(_ account: String, _ key: [UInt8], _ value: [UInt8]?) {
        journal.append(.data(account, key, changes.data[account]?[key]))
        changes.data[account, default: [:]][key] = .some(value)
    }

    /// Storage keys of `account` as the overlay sees them.
    func dataKeys(of account: String) -> [[UInt8]] {
        var keys = Set(base.data[account]?.keys.map { $0 } ?? [])
        for (key, value) in changes.data[account] ?? [:] {
            if value == nil { keys.remove(key) } else { keys.insert(key) }
        }
        return Array(keys)
    }
}
