/// What a policy sees: the DCAP result and, when the peer sent one, its event log.
public struct AttestationEvidence: Sendable {
    public let verification: QuoteVerificationResult
    public let eventLog: EventLog?

    public init(verification: QuoteVerificationResult, eventLog: EventLog? = nil) {
        self.verification = verification
        self.eventLog = eventLog
    }
}

/// A check on verified attestation evidence, composable like swift-certificates' `VerifierPolicy`:
/// each policy answers "meets" or "fails, because …", and a ``PolicySet`` runs several and reports
/// every failure by policy name.
public protocol AttestationPolicy: Sendable {
    /// Short name used in failure messages (`tcb-status`, `measurements`, …).
    var name: String { get }
    func evaluate(_ evidence: AttestationEvidence) -> PolicyResult
}

public enum PolicyResult: Sendable, Equatable {
    case meetsPolicy
    case failsToMeetPolicy(reason: String)
}

/// A failed policy and why.
public struct PolicyFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let policy: String
    public let reason: String

    public init(policy: String, reason: String) {
        self.policy = policy
        self.reason = reason
    }

    public var description: String { "policy \(policy) failed: \(reason)" }
}
