#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GRDB
import NearLightClient

/// The durable chain: blocks, the transaction and receipt index, and the state (accounts, keys,
/// contract code and contract storage), in one SQLite file (WAL). Each block is written in a single transaction together with the state it
/// leaves behind, so after a crash (kill -9 included) the file holds whole blocks only, and the
/// state is exactly that of the last block in it.
public struct ChainStore: Sendable {
    public let pool: DatabasePool

    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // NORMAL is durable against process crashes in WAL mode (only power loss can drop
            // the last commits, never half of one).
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: directory.appendingPathComponent("chain.sqlite").path, configuration: config)
        try pool.write { db in try Self.createSchema(db) }
    }

    static func createSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS blocks (height INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, header BLOB NOT NULL, body BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS txs (hash BLOB PRIMARY KEY, height INTEGER NOT NULL, idx INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS receipts (id BLOB PRIMARY KEY, height INTEGER NOT NULL, idx INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY, amount TEXT NOT NULL, locked TEXT NOT NULL, code_hash BLOB NOT NULL, storage_usage INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS access_keys (account_id TEXT NOT NULL, public_key BLOB NOT NULL, access_key BLOB NOT NULL, PRIMARY KEY (account_id, public_key)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS code (account_id TEXT PRIMARY KEY, code BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS contract_data (account_id TEXT NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL, PRIMARY KEY (account_id, key)) WITHOUT ROWID;
            """)
    }

    // MARK: Reading

    public func genesisJSON() throws -> Data? {
        try pool.read { db in try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'genesis'") }
    }

    /// All headers from genesis, in height order; a gap would mean a broken file.
    public func headers() throws -> [BlockHeader] {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT height, header FROM blocks ORDER BY height")
            var headers: [BlockHeader] = []
            while let row = try rows.next() {
                let height: Int64 = row["height"]
                let bytes: Data = row["header"]
                let header = try BlockHeader(borsh: Array(bytes))
                guard header.height == UInt64(height), height == Int64(headers.count) else {
                    throw ChainError.corruptStore("block at row height \(height) has header height \(header.height), expected \(headers.count)")
                }
                headers.append(header)
            }
            return headers
        }
    }

    public func body(height: UInt64) throws -> BlockBody? {
        try pool.read { db in
            guard let bytes = try Data.fetchOne(db, sql: "SELECT body FROM blocks WHERE height = ?", arguments: [Int64(height)]) else { return nil }
            return try BlockBody(borsh: Array(bytes))
        }
    }

    /// (height, index in block) of a transaction.
    public func transactionLocation(_ hash: CryptoHash) throws -> (height: UInt64, index: Int)? {
        try location(table: "txs", key: "hash", hash)
    }

    public func receiptLocation(_ id: CryptoHash) throws -> (height: UInt64, index: Int)? {
        try location(table: "receipts", key: "id", id)
    }

    private func location(table: String, key: String, _ hash: CryptoHash) throws -> (height: UInt64, index: Int)? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT height, idx FROM \(table) WHERE \(key) = ?", arguments: [Data(hash.bytes)]) else { return nil }
            let height: Int64 = row["height"]
            let index: Int64 = row["idx"]
            return (UInt64(height), Int(index))
        }
    }

    public func state() throws -> WorldState {
        try pool.read { db in
            var state = WorldState()
            for row in try Row.fetchAll(db, sql: "SELECT id, amount, locked, code_hash, storage_usage FROM accounts") {
                let id: String = row["id"]
                let amount: String = row["amount"]
                let locked: String = row["locked"]
                let codeHash: Data = row["code_hash"]
                let usage: Int64 = row["storage_usage"]
                state.accounts[id] = AccountRecord(
                    amount: try NearDecimal.parse(amount), locked: try NearDecimal.parse(locked),
                    codeHash: try CryptoHash(bytes: Array(codeHash)), storageUsage: UInt64(usage))
            }
            for row in try Row.fetchAll(db, sql: "SELECT account_id, public_key, access_key FROM access_keys") {
                let account: String = row["account_id"]
                let key: Data = row["public_key"]
                let value: Data = row["access_key"]
                state.accessKeys[account, default: [:]][try PublicKey(borsh: Array(key))] = try AccessKey(borsh: Array(value))
            }
            for row in try Row.fetchAll(db, sql: "SELECT account_id, code FROM code") {
                let account: String = row["account_id"]
                let code: Data = row["code"]
                state.code[account] = Array(code)
            }
            let records = try Row.fetchCursor(db, sql: "SELECT account_id, key, value FROM contract_data")
            while let row = try records.next() {
                let account: String = row["account_id"]
                let key: Data = row["key"]
                let value: Data = row["value"]
                state.data[account, default: [:]][Array(key)] = Array(value)
            }
            return state
        }
    }

    // MARK: Writing

    /// Writes a block, its index entries and the state changes it made, atomically. The genesis
    /// block also stores the genesis file, so a data directory always knows its chain.
    public func commit(header: BlockHeader, body: BlockBody, changes: StateChanges, genesisJSON: Data? = nil) throws {
        let headerBytes = Data(header.borshBytes)
        let bodyBytes = Data(body.borshBytes)
        try pool.write { db in
            if let genesisJSON {
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('genesis', ?)", arguments: [genesisJSON])
            }
            try db.cachedStatement(sql: "INSERT INTO blocks (height, hash, header, body) VALUES (?, ?, ?, ?)")
                .execute(arguments: [Int64(header.height), Data(header.hash.bytes), headerBytes, bodyBytes])
            let height = Int64(header.height)
            let txInsert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO txs (hash, height, idx) VALUES (?, ?, ?)")
            let receiptInsert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO receipts (id, height, idx) VALUES (?, ?, ?)")
            for (index, execution) in body.executions.enumerated() {
                try txInsert.execute(arguments: [Data(execution.transactionOutcome.id.bytes), height, Int64(index)])
                for outcome in execution.receiptOutcomes {
                    try receiptInsert.execute(arguments: [Data(outcome.id.bytes), height, Int64(index)])
                }
            }
            let upsertAccount = try db.cachedStatement(sql: "INSERT OR REPLACE INTO accounts (id, amount, locked, code_hash, storage_usage) VALUES (?, ?, ?, ?, ?)")
            for (id, account) in changes.accounts {
                if let account {
                    try upsertAccount.execute(arguments: [id, String(account.amount), String(account.locked), Data(account.codeHash.bytes), Int64(account.storageUsage)])
                } else {
                    try db.execute(sql: "DELETE FROM accounts WHERE id = ?", arguments: [id])
                    try db.execute(sql: "DELETE FROM access_keys WHERE account_id = ?", arguments: [id])
                    try db.execute(sql: "DELETE FROM code WHERE account_id = ?", arguments: [id])
                    try db.execute(sql: "DELETE FROM contract_data WHERE account_id = ?", arguments: [id])
                }
            }
            let upsertKey = try db.cachedStatement(sql: "INSERT OR REPLACE INTO access_keys (account_id, public_key, access_key) VALUES (?, ?, ?)")
            for (slot, key) in changes.accessKeys {
                if let key {
                    try upsertKey.execute(arguments: [slot.account, Data(slot.publicKey.borshBytes), Data(key.borshBytes)])
                } else {
                    try db.execute(sql: "DELETE FROM access_keys WHERE account_id = ? AND public_key = ?", arguments: [slot.account, Data(slot.publicKey.borshBytes)])
                }
            }
            for (id, code) in changes.code {
                try db.execute(sql: "INSERT OR REPLACE INTO code (account_id, code) VALUES (?, ?)", arguments: [id, Data(code)])
            }
            // After the accounts, as in `WorldState.apply`.
            let upsertData = try db.cachedStatement(sql: "INSERT OR REPLACE INTO contract_data (account_id, key, value) VALUES (?, ?, ?)")
            let deleteData = try db.cachedStatement(sql: "DELETE FROM contract_data WHERE account_id = ? AND key = ?")
            for (id, writes) in changes.data {
                for (key, value) in writes {
                    if let value {
                        try upsertData.execute(arguments: [id, Data(key), Data(value)])
                    } else {
                        try deleteData.execute(arguments: [id, Data(key)])
                    }
                }
            }
        }
    }
}
