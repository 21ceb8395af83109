import NearLightClient

/// The whole account state of the devnet, in memory. The devnet is small, so every read is a
/// dictionary lookup; SQLite is the durable copy, written once per block (see `ChainStore`).
public struct WorldState: Sendable {
    public var accounts: [String: AccountRecord] = [:]
    public var accessKeys: [String: [PublicKey: AccessKey]] = [:]
    /// Contract code by account.
    public var code: [String: [UInt8]] = [:]
    /// Contract storage by account: what contracts read and write, and `view_state` shows.
    public var data: [String: [[UInt8]: [UInt8]]] = [:]

    public init() {}

    public func accessKey(_ account: String, _ key: PublicKey) -> AccessKey? { accessKeys[account]?[key] }

    /// Sum of liquid and locked balances: with the burnt fees, constant over the chain's life.
    public var totalBalance: UInt128 {
        accounts.values.reduce(0) { $0 + $1.amount + $1.locked }
    }

    /// Applies a committed block's changes.
    public mutating func apply(_ changes: StateChanges) {
        for (id, account) in changes.accounts {
            if let account { accounts[id] = account } else {
                accounts[id] = nil
                accessKeys[id] = nil
                code[id] = nil
                data[id] = nil
            }
        }
        for (slot, key) in changes.accessKeys {
            if let key { accessKeys[slot.account, default: [:]][slot.publicKey] = key } else {
                accessKeys[slot.account]?[slot.publicKey] = nil
            }
        }
        for (id, bytes) in changes.code { code[id] = bytes }
        // After the accounts: an account deleted and re-created in one block keeps only what
        // was written after its re-creation (the runtime removes every record on deletion).
        for (id, writes) in changes.data {
            for (key, value) in writes { data[id, default: [:]][key] = value }
            if data[id]?.isEmpty == true { data[id] = nil }
        }
    }
}
