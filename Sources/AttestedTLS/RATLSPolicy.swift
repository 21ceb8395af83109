import Attestation

/// What a verifier requires of an RA-TLS peer, beyond the key binding that is always checked.
public struct RATLSPolicy: Sendable {
    /// Accept the DCML simulation root (every result then says SIMULATED).
    public var allowSimulated: Bool
    /// The workload: the peer's event log must replay to its RTMR3 and log this compose hash.
    public var composeHash: [UInt8]?
    /// MRTD / RTMR0–2 pins (firmware, kernel, command line).
    public var measurements: MeasurementPolicy?
    public var acceptedTCB: Set<TCBStatus>
    /// Where collateral comes from for real quotes (PCS/PCCS or a local directory). Without it a
    /// real quote has no TCB status and fails the TCB policy; simulated quotes get generated collateral.
    public var collateral: (any CollateralSource)?
    /// Further policies (composable like swift-certificates' `VerifierPolicy`).
    public var additional: [any AttestationPolicy]

    public init(allowSimulated: Bool = false, composeHash: [UInt8]? = nil, measurements: MeasurementPolicy? = nil,
                acceptedTCB: Set<TCBStatus> = TCBStatusPolicy.defaultAccepted, collateral: (any CollateralSource)? = nil,
                additional: [any AttestationPolicy] = []) {
        self.allowSimulated = allowSimulated
        self.composeHash = composeHash
        self.measurements = measurements
        self.acceptedTCB = acceptedTCB
        self.collateral = collateral
        self.additional = additional
    }

    /// The policy set for evidence whose REPORTDATA must be `reportData`.
    public func policySet(reportData: [UInt8], hasEventLog: Bool) -> PolicySet {
        PolicySet {
            QuoteVerifiedPolicy()
            SimulationPolicy(allowSimulated: allowSimulated)
            TCBStatusPolicy(accepted: acceptedTCB)
            ReportDataPolicy(expected: reportData)
            if let composeHash { ComposeHashPolicy(expected: composeHash) } else if hasEventLog { EventLogReplayPolicy() }
            if let measurements { measurements }
            for p in additional { p }
        }
    }
}
