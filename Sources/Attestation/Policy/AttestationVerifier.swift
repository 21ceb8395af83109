import Foundation

/// The one call a node or client makes: DCAP-verify a quote at a time, then apply a policy.
///
/// ```swift
/// let verifier = AttestationVerifier(allowSimulated: true, policy: PolicySet {
///     QuoteVerifiedPolicy(); SimulationPolicy(allowSimulated: true); TCBStatusPolicy()
///     ReportDataPolicy(expected: reportData); ComposeHashPolicy(expected: composeHash)
/// })
/// let verdict = try verifier.verify(quote: bytes, collateral: collateral, eventLog: log)
/// guard verdict.isTrusted else { throw verdict.failures[0] }
/// ```
public struct AttestationVerifier: Sendable {
    public var dcap: DCAPVerifier
    public var policy: PolicySet

    public init(allowSimulated: Bool = false, policy: PolicySet? = nil, dcap: DCAPVerifier? = nil) {
        self.dcap = dcap ?? DCAPVerifier(allowSimulation: allowSimulated)
        self.policy = policy ?? .standard(allowSimulated: allowSimulated)
    }

    /// Verifies `quote` with `collateral` (nil: signatures and chain only) at `time` and evaluates the policy.
    /// When the quote is simulated, simulation is allowed and no collateral is given, simulated
    /// collateral for `time` is used.
    public func verify(quote: [UInt8], collateral: PreparedCollateral?, eventLog: EventLog? = nil, at time: Date = Date()) throws(QuoteParseError) -> AttestationVerdict {
        let parsed = try TDXQuote(parsing: quote)
        return verify(parsed, collateral: collateral, eventLog: eventLog, at: time)
    }

    public func verify(_ quote: TDXQuote, collateral: PreparedCollateral?, eventLog: EventLog? = nil, at time: Date = Date()) -> AttestationVerdict {
        var collateral = collateral
        if collateral == nil, dcap.allowSimulation, SimulatedCollateralSource.isSimulated(quote) {
            collateral = SimulatedCollateralSource.shared.prepared(at: time)
        }
        let result = dcap.verify(quote, collateral: collateral, at: time)
        let evidence = AttestationEvidence(verification: result, eventLog: eventLog)
        return AttestationVerdict(verification: result, failures: policy.failures(evidence))
    }
}

/// The outcome: the DCAP result and every policy failure.
public struct AttestationVerdict: Sendable {
    public let verification: QuoteVerificationResult
    public let failures: [PolicyFailure]

    /// True only when the quote verified and every policy held.
    public var isTrusted: Bool { verification.isVerified && failures.isEmpty }
    public var isSimulated: Bool { verification.isSimulated }

    /// One line: SIMULATED prefix when applicable, then "trusted" or the first reason.
    public var summary: String {
        let prefix = isSimulated ? "SIMULATED TEE (not confidential): " : ""
        if isTrusted {
            let status = verification.tcb.map { "TCB \($0.status.rawValue)" } ?? "no TCB status"
            return "\(prefix)trusted: quote verified, \(status), all policies hold"
        }
        if let f = failures.first { return "\(prefix)not trusted: \(f)" }
        return "\(prefix)not trusted: \(verification.summary)"
    }
}
