import Foundation
import NearLightClient
import Testing
@testable import Devnet

/// Contract storage in the state layer, without wasm: the overlay's per-receipt undo, what a
/// call reads mid-block, and the SQLite table written with the block and read back.
@Suite struct ContractDataStateTests {
    let key = Array("k".utf8)
    let other = Array("other".utf8)

    @Test func aRolledBackReceiptLeavesTheEarlierWritesOfItsBlock() {
        var base = WorldState()
        base.data["c.near"] = [key: [1]]
        var overlay = StateOverlay(base: base)
        overlay.beginReceipt()
        overlay.setData("c.near", key, [2])
        overlay.beginReceipt()
        overlay.setData("c.near", key, [3])
        overlay.setData("c.near", other, [4])
        #expect(overlay.storage(of: "c.near")[key] == [3])
        overlay.rollbackReceipt()
        // The first receipt's write stands; the second's are gone, not turned into deletions.
        #expect(overlay.storage(of: "c.near")[key] == [2])
        #expect(overlay.storage(of: "c.near")[other] == nil)
        #expect(overlay.changes.data["c.near"]?.count == 1)
        overlay.beginReceipt()
        overlay.setData("c.near", key, nil)
        #expect(overlay.storage(of: "c.near")[key] == nil)
        #expect(overlay.dataKeys(of: "c.near").isEmpty)
        base.apply(overlay.changes)
        #expect(base.data["c.near"] == nil)
    }

    @Test func storageIsCommittedWithTheBlockAndDeletedWithItsAccount() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("devnet-data-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try ChainStore(directory: directory)
        let (genesis, _) = Genesis.makeDefault()
        let producers = try ProducerSet(genesis: genesis)
        let (genesisHeader, _) = Chain.genesisBlock(genesis, producers: producers)
        // Block `height` (only its height and hash matter to the store).
        func header(_ height: UInt64) -> BlockHeader {
            var inner = genesisHeader.innerLite
            inner.height = height
            return BlockHeader(prevHash: genesisHeader.hash, innerLite: inner, innerRest: genesisHeader.innerRest)
        }

        var changes = StateChanges()
        changes.accounts["c.near"] = AccountRecord(amount: 1, storageUsage: 100)
        changes.data["c.near"] = [key: [1, 2], other: [3]]
        try store.commit(header: header(0), body: BlockBody(), changes: changes)
        #expect(try store.state().data["c.near"] == [key: [1, 2], other: [3]])

        // The next block removes one record, the one after the account: no record survives.
        var next = StateChanges()
        let removal: [[UInt8]: [UInt8]?] = [other: nil]
        next.data["c.near"] = removal
        try store.commit(header: header(1), body: BlockBody(), changes: next)
        #expect(try store.state().data["c.near"] == [key: [1, 2]])
        var deletion = StateChanges()
        deletion.accounts["c.near"] = .some(nil)
        try store.commit(header: header(2), body: BlockBody(), changes: deletion)
        #expect(try store.state().data["c.near"] == nil)
    }
}
