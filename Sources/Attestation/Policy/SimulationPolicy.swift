/// Rejects evidence from the simulated TEE unless the caller allows simulation explicitly.
///
/// The verifier already refuses the simulation root unless allowed; this policy repeats the decision
/// at the policy layer so that a verifier configured to allow simulation for one purpose cannot
/// silently accept it in a policy that did not.
public struct SimulationPolicy: AttestationPolicy {
    public let allowSimulated: Bool
    public var name: String { "simulation" }
    public init(allowSimulated: Bool) { self.allowSimulated = allowSimulated }

    public func evaluate(_ e: AttestationEvidence) -> PolicyResult {
        if e.verification.isSimulated && !allowSimulated {
            return .failsToMeetPolicy(reason: "evidence comes from a SIMULATED TEE (DCML simulation root); it is not confidential and simulation is not allowed")
        }
        return .meetsPolicy
    }
}

/// Only chains ending in one of these roots are accepted (e.g. `[.intel]` to refuse simulation outright).
public struct TrustedRootPolicy: AttestationPolicy {
    public let allowed: Set<TrustAnchor.Kind>
    public var name: String { "trusted-root" }
    public init(allowed: Set<TrustAnchor.Kind>) { self.allowed = allowed }

    public func evaluate(_ e: AttestationEvidence) -> PolicyResult {
        guard let k = e.verification.trustAnchor else { return .failsToMeetPolicy(reason: "the PCK chain was not validated") }
        return allowed.contains(k) ? .meetsPolicy
            : .failsToMeetPolicy(reason: "chain ends in the \(k.rawValue) root; allowed: \(allowed.map(\.rawValue).sorted().joined(separator: ", "))")
    }
}
