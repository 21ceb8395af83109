import Attestation
import AttestedTLS

/// What a user requires of a node before sending it a prompt.
public struct NodeExpectation: Sendable {
    /// Accept the simulated TEE (every result says SIMULATED: nothing is confidential then).
    public var allowSimulated: Bool
    /// The workload (compose hash) the node must run; nil: any attested workload, reported.
    public var composeHash: [UInt8]?
    /// The model (modelH) the node must serve; nil: any identified model, reported.
    public var modelHash: String?
    /// MRTD / RTMR0–2 pins.
    public var measurements: MeasurementPolicy?
    public var acceptedTCB: Set<TCBStatus>
    /// Collateral for real quotes: Intel PCS/PCCS or a local directory.
    public var collateral: (any CollateralSource)?

    public init(allowSimulated: Bool = false, composeHash: [UInt8]? = nil, modelHash: String? = nil, measurements: MeasurementPolicy? = nil,
                acceptedTCB: Set<TCBStatus> = TCBStatusPolicy.defaultAccepted, collateral: (any CollateralSource)? = nil) {
        self.allowSimulated = allowSimulated
        self.composeHash = composeHash
        self.modelHash = modelHash?.lowercased()
        self.measurements = measurements
        self.acceptedTCB = acceptedTCB
        self.collateral = collateral
    }

    public var ratlsPolicy: RATLSPolicy {
        RATLSPolicy(allowSimulated: allowSimulated, composeHash: composeHash, measurements: measurements, acceptedTCB: acceptedTCB, collateral: collateral)
    }
}
