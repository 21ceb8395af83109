import NearLightClient

/// The devnet's half of a header that light clients do not see: only its hash enters the block
/// hash (nearcore's `inner_rest_hash`). It carries what the devnet needs to explain a block:
/// who produced it, the transactions' root, the gas price, and the approvals of the previous
/// block by every producer of the epoch (in producer order; `nil` for a missing approval).
public struct BlockHeaderInnerRest: Hashable, Sendable {
    public var producer: String
    public var txRoot: CryptoHash
    public var gasPrice: UInt128
    public var gasUsed: UInt64
    public var approvals: [Signature?]

    public var hash: CryptoHash { CryptoHash.hashBorsh(self) }
}

extension BlockHeaderInnerRest: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(producer)
        writer.write(txRoot)
        writer.write(gasPrice)
        writer.write(gasUsed)
        writer.write(UInt32(approvals.count))
        for approval in approvals { writer.writeOptional(approval) { $0.write($1) } }
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        producer = try reader.readString("producer")
        txRoot = try reader.read()
        gasPrice = try reader.readU128("gas price")
        gasUsed = try reader.readU64("gas used")
        approvals = try reader.readArray("approvals", minimumElementSize: 1) { (r: inout BorshReader) throws(BorshError) in
            try r.readOptional("approval") { (r: inout BorshReader) throws(BorshError) in try r.read(Signature.self) }
        }
    }
}
