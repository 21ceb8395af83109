/// The individual checks of DCAP quote verification, in the order they run.
///
/// A result lists the checks that passed, so a caller (or `dcml attest verify --json`) can see exactly
/// how far verification got and which check stopped it.
public enum DCAPCheck: String, Sendable, Codable, CaseIterable {
    case quoteHeader = "quote_header"
    case rootCACRL = "root_ca_crl"
    case pckCRL = "pck_crl"
    case tcbInfo = "tcb_info"
    case qeIdentity = "qe_identity"
    case pckChain = "pck_chain"
    case qeReportSignature = "qe_report_signature"
    case qeReportData = "qe_report_data"
    case qeIdentityMatch = "qe_identity_match"
    case quoteSignature = "quote_signature"
    case platformTCB = "platform_tcb"
    case tdxModule = "tdx_module"
    case tcbStatus = "tcb_status"
    case tdAttributes = "td_attributes"
    case mrServiceTD = "mr_service_td"
}
