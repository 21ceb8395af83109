import Attestation
import AttestedTLS

/// What a node requires of another node before a model key moves between them, in either
/// direction (paper §4: only attested copies of the same workload may ever hold sk).
public struct PeerPolicy: Sendable {
    /// Accept simulated peers. Default: exactly when this node is simulated itself (nothing is
    /// confidential there anyway); a real TDX node never hands its key to a simulation.
    public var allowSimulated: Bool
    /// Collateral for real peers' quotes (TCB status); without it a real peer fails the TCB check.
    public var collateral: (any CollateralSource)?

    public init(allowSimulated: Bool, collateral: (any CollateralSource)? = nil) {
        self.allowSimulated = allowSimulated
        self.collateral = collateral
    }

    /// The RA-TLS policy for peers of `identity`: its compose hash (the same workload: binary and
    /// every baked parameter, model hash included), its MRTD, RTMR1 and RTMR2 (the same firmware,
    /// kernel and command line; RTMR0 is left out because it measures the VM's size, which may
    /// differ between hosts), an acceptable TCB.
    func ratls(for identity: NodeIdentity) -> RATLSPolicy {
        let own = identity.tdReport
        return RATLSPolicy(allowSimulated: allowSimulated, composeHash: identity.composeHash,
                           measurements: MeasurementPolicy(mrTD: own.mrTD, rtmr1: own.rtmr1, rtmr2: own.rtmr2), collateral: collateral)
    }
}
