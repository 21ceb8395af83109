import NearLightClient

/// Epochs of a fixed length, with NEAR's epoch ids: the genesis epoch (the genesis block and the
/// first `length` blocks) has id zero; epoch 1's id is the genesis hash; epoch k ≥ 2's id is
/// the hash of the last block of epoch k − 2 — so a block always knows its next epoch's id.
public struct EpochSchedule: Sendable {
    public var length: UInt64

    public init(length: UInt64) { self.length = length }

    public func epochIndex(ofHeight height: UInt64) -> UInt64 {
        height == 0 ? 0 : (height - 1) / length
    }

    /// NEAR's `epoch_height` (the genesis epoch is 1), as `status` and contracts see it.
    public func epochHeight(ofHeight height: UInt64) -> UInt64 { epochIndex(ofHeight: height) + 1 }

    /// The height of the block whose hash is epoch `index`'s id (nil for epoch 0, id zero).
    public func idBlockHeight(ofEpoch index: UInt64) -> UInt64? {
        index == 0 ? nil : (index - 1) * length
    }

    public func lastHeight(ofEpoch index: UInt64) -> UInt64 { (index + 1) * length }

    public func isLastBlockOfEpoch(_ height: UInt64) -> Bool { height > 0 && height % length == 0 }
}
