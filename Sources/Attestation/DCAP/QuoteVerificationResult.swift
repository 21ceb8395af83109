import Foundation

/// What DCAP verification established about one quote at one time.
///
/// `failure == nil` means every signature, chain and collateral check passed (and, with collateral,
/// the TCB status is not Revoked); whether that status and the measurements are *acceptable* is
/// for an ``AttestationPolicy`` to decide. A simulated quote is never silently trusted: `isSimulated`
/// is true and `summary` starts with SIMULATED.
public struct QuoteVerificationResult: Sendable {
    public let quote: TDXQuote
    public let verifiedAt: Date
    /// Checks that passed, in order.
    public let passedChecks: [DCAPCheck]
    /// The first check that failed, if any.
    public let failure: DCAPVerificationError?
    /// The root the PCK chain ended in (nil if the chain was never validated).
    public let trustAnchor: TrustAnchor.Kind?
    /// False when verified without collateral: signatures and PCK chain only, no CRLs, no TCB status.
    public let usedCollateral: Bool
    public let pckExtension: PCKExtension?
    public let platformTCB: TCBStatusWithAdvisories?
    public let tdxModuleTCB: TCBStatusWithAdvisories?
    public let qeTCB: TCBStatusWithAdvisories?
    /// Worst of platform, TDX module and QE statuses, with all their advisories.
    public let tcb: TCBStatusWithAdvisories?

    public var report: TDReport { quote.report }
    public var isVerified: Bool { failure == nil }
    public var isSimulated: Bool { trustAnchor == .simulation }
    public var tcbStatus: TCBStatus? { tcb?.status }
    public var advisoryIDs: [String] { tcb?.advisoryIDs ?? [] }

    /// One line for logs and the CLI.
    public var summary: String {
        let prefix = isSimulated ? "SIMULATED TEE (not confidential): " : ""
        if let failure { return "\(prefix)quote rejected: \(failure.check.rawValue): \(failure)" }
        let status = tcb.map { "TCB status \($0.status.rawValue)" + ($0.advisoryIDs.isEmpty ? "" : " (advisories \($0.advisoryIDs.joined(separator: ", ")))") }
            ?? "signatures and PCK chain only (no collateral: TCB status unknown)"
        return "\(prefix)quote verified: \(status), MRTD \(Hex.encode(report.mrTD))"
    }

    /// The structured result (`dcml attest verify --json`).
    public func jsonObject() -> [String: Any] {
        var o: [String: Any] = [
            "verified": isVerified,
            "simulated": isSimulated,
            "tee": isSimulated ? "simulated" : "tdx",
            "verified_at": Timestamp.format(verifiedAt),
            "used_collateral": usedCollateral,
            "passed_checks": passedChecks.map(\.rawValue),
            "summary": summary,
            "quote_version": Int(quote.header.version),
            "td_report": report.jsonObject(),
        ]
        if let trustAnchor { o["trust_anchor"] = trustAnchor.rawValue }
        if let failure { o["failed_check"] = failure.check.rawValue; o["error"] = failure.description }
        if let tcb { o["tcb_status"] = tcb.status.rawValue; o["advisory_ids"] = tcb.advisoryIDs }
        if let p = platformTCB { o["platform_tcb_status"] = p.status.rawValue }
        if let m = tdxModuleTCB { o["tdx_module_tcb_status"] = m.status.rawValue }
        if let q = qeTCB { o["qe_tcb_status"] = q.status.rawValue }
        if let pck = pckExtension { o["fmspc"] = Hex.encode(pck.fmspc); o["ppid"] = Hex.encode(pck.ppid); o["pce_svn"] = Int(pck.pceSVN) }
        return o
    }
}

extension TDReport {
    /// Hex fields by their Intel names.
    public func jsonObject() -> [String: Any] {
        var o: [String: Any] = [
            "kind": kind.rawValue, "tee_tcb_svn": Hex.encode(teeTCBSVN), "mr_seam": Hex.encode(mrSeam),
            "mr_signer_seam": Hex.encode(mrSignerSeam), "seam_attributes": Hex.encode(seamAttributes),
            "td_attributes": Hex.encode(tdAttributesBytes), "xfam": Hex.encode(xfam), "mr_td": Hex.encode(mrTD),
            "mr_config_id": Hex.encode(mrConfigID), "mr_owner": Hex.encode(mrOwner), "mr_owner_config": Hex.encode(mrOwnerConfig),
            "rtmr0": Hex.encode(rtmr0), "rtmr1": Hex.encode(rtmr1), "rtmr2": Hex.encode(rtmr2), "rtmr3": Hex.encode(rtmr3),
            "report_data": Hex.encode(reportData), "debug": tdAttributes.isDebug,
        ]
        if let s = teeTCBSVN2 { o["tee_tcb_svn2"] = Hex.encode(s) }
        if let m = mrServiceTD { o["mr_service_td"] = Hex.encode(m) }
        return o
    }
}
