/// REPORTDATA must equal the expected 64 bytes (DCML: SHA-256(signing key ‖ SHA-256(TLS SPKI)) ‖ nonce),
/// which is what binds the quote to this session's keys and the verifier's fresh nonce.
public struct ReportDataPolicy: AttestationPolicy {
    public let expected: [UInt8]
    public var name: String { "report-data" }

    /// `expected` shorter than 64 bytes is zero-padded, as the quote generator pads it.
    public init(expected: [UInt8]) { self.expected = expected.padded(to: 64) }

    public func evaluate(_ e: AttestationEvidence) -> PolicyResult {
        let actual = e.verification.report.reportData
        return actual == expected ? .meetsPolicy
            : .failsToMeetPolicy(reason: "REPORTDATA is \(Hex.encode(actual)), expected \(Hex.encode(expected))")
    }
}
