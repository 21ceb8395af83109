/// The merged TCB status must be one of `accepted`.
///
/// Without collateral there is no TCB status; that fails unless `requireStatus` is false (the
/// signatures-only mode of `dcml attest verify --signatures-only`).
public struct TCBStatusPolicy: AttestationPolicy {
    public static let defaultAccepted: Set<TCBStatus> = [.upToDate, .swHardeningNeeded]

    public let accepted: Set<TCBStatus>
    public let requireStatus: Bool
    public var name: String { "tcb-status" }

    public init(accepted: Set<TCBStatus> = TCBStatusPolicy.defaultAccepted, requireStatus: Bool = true) {
        self.accepted = accepted
        self.requireStatus = requireStatus
    }

    public func evaluate(_ e: AttestationEvidence) -> PolicyResult {
        guard let tcb = e.verification.tcb else {
            return requireStatus ? .failsToMeetPolicy(reason: "TCB status unknown: the quote was verified without collateral") : .meetsPolicy
        }
        guard accepted.contains(tcb.status) else {
            let adv = tcb.advisoryIDs.isEmpty ? "" : " (advisories \(tcb.advisoryIDs.joined(separator: ", ")))"
            return .failsToMeetPolicy(reason: "TCB status \(tcb.status.rawValue)\(adv) is not accepted; accepted: \(accepted.sorted().map(\.rawValue).joined(separator: ", "))")
        }
        return .meetsPolicy
    }
}
