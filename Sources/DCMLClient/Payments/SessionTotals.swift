/// Where a paid session stands: the tokens of every settled request (P and C of
/// Contracts/payment_channel/README.md), the last voucher nonce used, and the nonce of the last
/// voucher whose response was settled. `nonce > settledNonce` means a voucher left without its
/// response being recorded (a crash, a lost connection): the node may have charged it, so the
/// payer resynchronizes from the node before paying again.
public struct SessionTotals: Sendable, Equatable, Codable {
    public var promptTokens: UInt64
    public var completionTokens: UInt64
    public var nonce: UInt64
    public var settledNonce: UInt64

    public init(promptTokens: UInt64 = 0, completionTokens: UInt64 = 0, nonce: UInt64 = 0, settledNonce: UInt64 = 0) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.nonce = nonce
        self.settledNonce = settledNonce
    }

    /// Whether a voucher may have been charged without the session knowing what for.
    public var isUnsettled: Bool { nonce != settledNonce }

    private enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", nonce = "last_nonce", settledNonce = "settled_nonce"
    }
}

/// Where a ``PaidSession`` records its progress so that a later process can go on with the
/// channel (the CLI's ``ChannelStore``). A journal that throws stops the request: a voucher is
/// never sent before its nonce is recorded.
public protocol PaidSessionJournal: Sendable {
    func record(_ totals: SessionTotals) throws
}
