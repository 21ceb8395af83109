import Foundation
import NearLightClient
import Payments

extension DCMLClient {
    /// `https://HOST:PORT`, the form the channel store names nodes by.
    public var nodeURL: String { "https://\(host):\(port)" }
}

extension PaidSession {
    /// The session of the stored open channel with `client`'s verified node (the one `channel`
    /// names, else the only one), its voucher key derived again from the NEAR key file that
    /// opened it, its totals kept current in `store` (and taken from the node when a response
    /// was lost).
    public static func stored(in store: ChannelStore, client: DCMLClient, channel: UInt64? = nil, keyFile: String? = nil) async throws -> PaidSession {
        let verification: NodeVerification
        if let known = client.verification { verification = known } else { verification = try await client.verify() }
        let stored = try store.openChannel(nodeURL: client.nodeURL, composeHash: verification.composeHash, channel: channel)
        let nearKey = try readKeyFile(keyFile ?? stored.keyFile).secretKey
        let voucherKey = try VoucherKey.derive(from: nearKey, domain: stored.facts.domain, challenge: stored.facts.challenge)
        let session = try restore(client: client, facts: stored.facts, payerKey: voucherKey, totals: stored.totals,
                                  journal: StoredChannelJournal(store: store, channel: stored))
        if stored.totals.isUnsettled { try await session.resynchronize() }
        return session
    }

    /// A NEAR credentials file (`{"account_id", "public_key", "private_key"}`).
    public static func readKeyFile(_ path: String) throws -> KeyFile {
        let expanded = NSString(string: path).expandingTildeInPath
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: expanded)) } catch {
            throw ChannelStoreError.io(path: expanded, reason: "cannot read the NEAR key file: \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode(KeyFile.self, from: data) } catch {
            throw ChannelStoreError.malformed(path: expanded, reason: "expected a NEAR credentials file ({\"account_id\", \"public_key\", \"private_key\"}): \(error)")
        }
    }
}

/// The model market a paid node's attested app-compose names (its `payments` section).
public struct AttestedMarket: Sendable, Equatable {
    public let contractID: String
    public let chainID: String
    public let modelID: String
}

extension NodeVerification {
    /// The market the attested app-compose names; nil for an unpaid node.
    public var market: AttestedMarket? {
        let compose = try? JSONSerialization.jsonObject(with: Data(appCompose.utf8)) as? [String: Any]
        guard let payments = compose?["payments"] as? [String: Any], let contract = payments["contract_id"] as? String,
              let chain = payments["chain_id"] as? String, let model = payments["model_id"] as? String
        else { return nil }
        return AttestedMarket(contractID: contract, chainID: chain, modelID: model)
    }

    /// Whether completions need vouchers.
    public var isPaid: Bool { market != nil }
}
