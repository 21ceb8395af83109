/// The quote's signatures, chains and collateral all verified (``DCAPVerifier`` reported no failure).
public struct QuoteVerifiedPolicy: AttestationPolicy {
    public var name: String { "quote-verified" }
    public init() {}

    public func evaluate(_ e: AttestationEvidence) -> PolicyResult {
        guard let f = e.verification.failure else { return .meetsPolicy }
        return .failsToMeetPolicy(reason: "\(f.check.rawValue): \(f)")
    }
}
