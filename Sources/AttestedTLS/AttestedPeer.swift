import Attestation

/// A peer whose RA-TLS certificate verified: its key is bound to a quote that passed the policy.
public struct AttestedPeer: Sendable {
    public let certificate: RATLSCertificate
    public let verdict: AttestationVerdict
    /// The compose hash logged in RTMR3 (a fact: the log replayed to the quote).
    public let composeHash: [UInt8]?

    public var isSimulated: Bool { verdict.isSimulated }
    public var spkiDER: [UInt8] { certificate.spkiDER }
    public var spkiSHA256: [UInt8] { certificate.spkiSHA256 }
    public var report: TDReport { verdict.verification.report }
}
