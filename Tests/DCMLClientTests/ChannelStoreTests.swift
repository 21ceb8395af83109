import DCMLClient
import Foundation
import NearLightClient
import Payments
import Testing

/// The payer's channel store and voucher keys: what `dcml channel`, `dcml chat` and `dcml
/// pay-proxy` keep between runs, and what they never keep.
@Suite struct ChannelStoreTests {
    private static func facts(channel: UInt64, payerKey: PublicKey) throws -> ChannelFacts {
        ChannelFacts(
            domain: try ChannelDomain(contract: "market.test", chain: "dcml-devnet"), channel: channel, challenge: Challenge.random(),
            payerKey: payerKey, deposit: 1_000_000, providerDeposit: 1_000_000,
            prices: PriceSchedule(creatorPerThousandPromptTokens: 1000, creatorPerThousandCompletionTokens: 3000, providerPerThousandTokens: 500))
    }

    private static func withStore<T>(_ body: (ChannelStore) throws -> T) rethrows -> T {
        let home = FileManager.default.temporaryDirectory.path + "/dcml-home-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        return try body(ChannelStore.standard(environment: ["DCML_HOME": home]))
    }

    @Test func savedChannelsReadBackPrivately() throws {
        try Self.withStore { store in
            let nearKey = SecretKey.generate()
            let voucherKey = try VoucherKey.derive(from: nearKey, domain: ChannelDomain(contract: "market.test", chain: "dcml-devnet"), challenge: .random())
            var channel = StoredChannel(
                nodeURL: "https://127.0.0.1:8443", composeHash: String(repeating: "ab", count: 32), payerAccount: "alice.test",
                keyFile: "/keys/alice.json", facts: try Self.facts(channel: 3, payerKey: voucherKey.publicKey))
            channel.totals = SessionTotals(promptTokens: 20, completionTokens: 7, nonce: 3, settledNonce: 2)
            try store.save(channel)
            #expect(try store.load(contract: "market.test", channel: 3) == channel)
            let path = store.path(contract: "market.test", channel: 3)
            #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
            #expect(try store.load(contract: "market.test", channel: 3).totals.isUnsettled)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!text.contains(nearKey.nearString) && !text.contains(voucherKey.nearString), "no secret key is stored")
            #expect(text.contains(voucherKey.publicKey.description), "the voucher key's public half is one of the channel's facts")
        }
    }

    @Test func openChannelIsChosenByNodeAndWorkload() throws {
        try Self.withStore { store in
            let node = "https://127.0.0.1:8443", compose = String(repeating: "ab", count: 32)
            for id: UInt64 in [1, 2] {
                try store.save(StoredChannel(nodeURL: node, composeHash: compose, payerAccount: "alice.test", keyFile: "k",
                                             facts: try Self.facts(channel: id, payerKey: SecretKey.generate().publicKey)))
            }
            #expect(throws: ChannelStoreError.ambiguous(nodeURL: node, channels: [1, 2])) { try store.openChannel(nodeURL: node, composeHash: compose) }
            #expect(try store.openChannel(nodeURL: node, composeHash: compose, channel: 2).channel == 2)
            // Another workload at the same address (an upgraded or swapped node) gets no channel of the old one.
            #expect(throws: ChannelStoreError.noOpenChannel(nodeURL: node, channel: nil)) {
                try store.openChannel(nodeURL: node, composeHash: String(repeating: "cd", count: 32))
            }
            #expect(throws: ChannelStoreError.notFound(contract: "market.test", channel: 9, directory: store.directory)) {
                try store.load(contract: "market.test", channel: 9)
            }
        }
    }

    @Test func malformedStoreFileIsAClearError() throws {
        try Self.withStore { store in
            try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
            try Data("{\"node_url\": 1}".utf8).write(to: URL(fileURLWithPath: store.path(contract: "market.test", channel: 4)))
            #expect {
                try store.load(contract: "market.test", channel: 4)
            } throws: { error in
                guard case ChannelStoreError.malformed(let path, _) = error else { return false }
                return path.hasSuffix("market.test-4.json")
            }
        }
    }

    @Test func voucherKeyIsDerivedPerChannelFromTheNearKey() throws {
        let nearKey = SecretKey.generate()
        let domain = try ChannelDomain(contract: "market.test", chain: "dcml-devnet")
        let challenge = Challenge.random()
        let key = try VoucherKey.derive(from: nearKey, domain: domain, challenge: challenge)
        // The same inputs give the same key in another process (it is re-derived, never stored).
        #expect(try VoucherKey.derive(from: SecretKey(nearKey.nearString), domain: domain, challenge: challenge).publicKey == key.publicKey)
        #expect(key.publicKey != nearKey.publicKey)
        #expect(try VoucherKey.derive(from: nearKey, domain: domain, challenge: Challenge.random()).publicKey != key.publicKey)
        #expect(try VoucherKey.derive(from: nearKey, domain: ChannelDomain(contract: "market.test", chain: "testnet"), challenge: challenge).publicKey != key.publicKey)
        #expect(try VoucherKey.derive(from: SecretKey.generate(), domain: domain, challenge: challenge).publicKey != key.publicKey)
    }
}
