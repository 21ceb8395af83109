import NearLightClient

/// The block producers (the same set every epoch: the devnet does not rotate validators) and
/// the keys the devnet signs their approvals with.
struct ProducerSet: Sendable {
    let stakes: [ValidatorStake]
    let keys: [SecretKey]

    init(genesis: Genesis) throws {
        stakes = genesis.validators.map(\.validatorStake)
        keys = try genesis.validators.map { try $0.signingKey() }
    }

    var nextBpHash: CryptoHash { ValidatorStake.hash(of: stakes) }

    /// Every producer's endorsement of `prevHash` for a block at `height` (the 41-byte approval
    /// message NEAR's light clients check).
    func approvals(endorsing prevHash: CryptoHash, height: UInt64) -> [Signature?] {
        let message = LightClientBlock.approvalMessage(endorsing: prevHash, targetHeight: height)
        return keys.map { try? $0.sign(message) }
    }

    func producer(at height: UInt64) -> String { stakes[Int(height % UInt64(stakes.count))].accountId }
}
