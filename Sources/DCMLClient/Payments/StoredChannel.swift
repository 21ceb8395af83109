import Payments

/// A channel as its payer keeps it between runs: which attested node it is with, the market and
/// the channel's facts, and the session's totals. It holds no secret: the voucher key is derived
/// again from the NEAR key file (``VoucherKey``).
public struct StoredChannel: Sendable, Equatable, Codable {
    /// The node's URL, `https://HOST:PORT`.
    public var nodeURL: String
    /// The compose hash (hex) the node attested when the channel was established: the channel is
    /// used with that workload only.
    public var composeHash: String
    /// The NEAR account that opened the channel (it signs close and force_close).
    public var payerAccount: String
    /// The NEAR key file that signed `open_channel` (a path, not its contents): the voucher key
    /// is derived from it again whenever the channel pays.
    public var keyFile: String
    public var facts: ChannelFacts
    public var totals: SessionTotals
    /// `open`, `closed` (cooperatively) or `closing` (a force close in its challenge period).
    public var state: String

    public init(
        nodeURL: String, composeHash: String, payerAccount: String, keyFile: String, facts: ChannelFacts,
        totals: SessionTotals = .init(), state: String = "open"
    ) {
        self.nodeURL = nodeURL
        self.composeHash = composeHash
        self.payerAccount = payerAccount
        self.keyFile = keyFile
        self.facts = facts
        self.totals = totals
        self.state = state
    }

    public var contractID: String { facts.domain.contract }
    public var chainID: String { facts.domain.chain }
    public var channel: UInt64 { facts.channel }

    /// What the channel has cost at the stored totals.
    public var spent: UInt128 {
        (try? facts.prices.cost(promptTokens: totals.promptTokens, completionTokens: totals.completionTokens).total) ?? facts.deposit
    }

    private enum CodingKeys: String, CodingKey {
        case nodeURL = "node_url", composeHash = "compose_hash", payerAccount = "payer_account", keyFile = "key_file", facts, totals, state
    }
}
