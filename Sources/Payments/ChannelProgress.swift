/// All that settling requests changes in an open channel, and all that the ledger's log records
/// between snapshots: the cumulative token counts charged and the last voucher nonce accepted.
/// Cumulative, so the newest authentic record is the state, and a group commit of many settles is
/// one record; fixed-size binary (24 bytes, big-endian), so a commit seals a few dozen bytes.
struct ChannelProgress: Hashable, Sendable {
    static let encodedLength = 24

    var promptTokens: UInt64
    var completionTokens: UInt64
    var voucherNonce: UInt64

    init(promptTokens: UInt64, completionTokens: UInt64, voucherNonce: UInt64) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.voucherNonce = voucherNonce
    }

    /// Nil unless `bytes` is exactly `encodedLength` long.
    init?(bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        guard bytes.count == Self.encodedLength else { return nil }
        self.init(
            promptTokens: UInt64(bigEndian: bytes[0..<8]), completionTokens: UInt64(bigEndian: bytes[8..<16]),
            voucherNonce: UInt64(bigEndian: bytes[16..<24]))
    }

    var bytes: [UInt8] {
        [promptTokens, completionTokens, voucherNonce].flatMap(\.bigEndianBytes)
    }

    /// Whether `later` can follow this progress: nothing charged or accepted is ever taken back.
    func precedes(_ later: ChannelProgress) -> Bool {
        later.promptTokens >= promptTokens && later.completionTokens >= completionTokens && later.voucherNonce >= voucherNonce
    }
}

extension UInt64 {
    /// The 8 bytes of the ledger's files, most significant first.
    var bigEndianBytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: self >> (56 - 8 * $0)) }
    }

    /// The value of 8 bytes, most significant first.
    init(bigEndian bytes: ArraySlice<UInt8>) {
        self = bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
