/// Pins TD measurements: each non-nil expectation must equal the quote's register.
///
/// MRTD and RTMR0–2 identify firmware, kernel and command line; pin them together with the compose
/// hash (``ComposeHashPolicy``) so that both the OS image and the workload are the expected ones.
public struct MeasurementPolicy: AttestationPolicy {
    public var mrTD: [UInt8]?
    public var rtmr0: [UInt8]?
    public var rtmr1: [UInt8]?
    public var rtmr2: [UInt8]?
    public var rtmr3: [UInt8]?
    public var mrConfigID: [UInt8]?
    public var name: String { "measurements" }

    public init(mrTD: [UInt8]? = nil, rtmr0: [UInt8]? = nil, rtmr1: [UInt8]? = nil, rtmr2: [UInt8]? = nil, rtmr3: [UInt8]? = nil, mrConfigID: [UInt8]? = nil) {
        self.mrTD = mrTD; self.rtmr0 = rtmr0; self.rtmr1 = rtmr1; self.rtmr2 = rtmr2; self.rtmr3 = rtmr3; self.mrConfigID = mrConfigID
    }

    public func evaluate(_ e: AttestationEvidence) -> PolicyResult {
        let r = e.verification.report
        let pairs: [(String, [UInt8]?, [UInt8])] = [
            ("MRTD", mrTD, r.mrTD), ("RTMR0", rtmr0, r.rtmr0), ("RTMR1", rtmr1, r.rtmr1), ("RTMR2", rtmr2, r.rtmr2),
            ("RTMR3", rtmr3, r.rtmr3), ("MRCONFIGID", mrConfigID, r.mrConfigID),
        ]
        for (field, expected, actual) in pairs {
            if let expected, expected.padded(to: actual.count) != actual {
                return .failsToMeetPolicy(reason: "\(field) is \(Hex.encode(actual)), expected \(Hex.encode(expected))")
            }
        }
        return .meetsPolicy
    }
}
