import Foundation

/// Why a quote did not verify. `check` names the ``DCAPCheck`` that failed.
public enum DCAPVerificationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unsupportedQuote(String)
    case chain(DCAPCheck, ChainValidationError)
    case collateral(CollateralError)
    case collateralWindow(item: String, issueDate: Date, nextUpdate: Date, at: Date)
    case collateralSignature(item: String)
    case collateralIdentity(item: String, expected: String, found: String)
    case pckExtension(String)
    case pckChainMissing(certificationDataType: UInt16)
    case badAttestationKey
    case qeReportSignature
    case qeReportData(expected: String, found: String)
    case quoteSignature
    case qeIdentityMismatch(field: String, expected: String, found: String)
    case qeSVNTooLow(isvsvn: UInt16, minimum: UInt16)
    case fmspcMismatch(pck: String, tcbInfo: String)
    case pceIDMismatch(pck: String, tcbInfo: String)
    /// No TCB level of the TCB info is met by the platform: Intel QVL's TCB_NOT_SUPPORTED.
    case tcbLevelNotFound(String)
    case tdxModule(String)
    case tcbRevoked(advisoryIDs: [String])
    case debugTD
    case septVEDisableNotSet
    case reservedTDAttributes(bits: UInt64)
    case mrServiceTDNotZero(String)

    public var check: DCAPCheck {
        switch self {
        case .unsupportedQuote: return .quoteHeader
        case .chain(let c, _): return c
        case .collateral, .collateralSignature, .collateralIdentity: return .tcbInfo
        case .collateralWindow(let item, _, _, _): return item.hasPrefix("QE") ? .qeIdentity : .tcbInfo
        case .pckExtension, .pckChainMissing: return .pckChain
        case .badAttestationKey, .qeReportData: return .qeReportData
        case .qeReportSignature: return .qeReportSignature
        case .quoteSignature: return .quoteSignature
        case .qeIdentityMismatch, .qeSVNTooLow: return .qeIdentityMatch
        case .fmspcMismatch, .pceIDMismatch, .tcbLevelNotFound: return .platformTCB
        case .tdxModule: return .tdxModule
        case .tcbRevoked: return .tcbStatus
        case .debugTD, .septVEDisableNotSet, .reservedTDAttributes: return .tdAttributes
        case .mrServiceTDNotZero: return .mrServiceTD
        }
    }

    public var description: String {
        switch self {
        case let .unsupportedQuote(s): return "unsupported quote: \(s)"
        case let .chain(_, e): return e.description
        case let .collateral(e): return e.description
        case let .collateralWindow(item, issue, next, at):
            return "\(item) is not valid at \(Timestamp.format(at)): issued \(Timestamp.format(issue)), next update \(Timestamp.format(next))"
        case let .collateralSignature(item): return "\(item) signature does not verify with its signing certificate"
        case let .collateralIdentity(item, expected, found): return "\(item) is \(found), expected \(expected)"
        case let .pckExtension(s): return "PCK certificate SGX extension: \(s)"
        case let .pckChainMissing(t):
            return "quote carries PCK certification data type \(t), expected 5 (PCK certificate chain); fetch the PCK certificate separately"
        case .badAttestationKey: return "attestation key in the quote is not a valid P-256 point"
        case .qeReportSignature: return "QE report signature does not verify with the PCK certificate key"
        case let .qeReportData(expected, found):
            return "QE report data does not bind the attestation key: expected SHA-256(key ‖ auth data) ‖ zeros = \(expected), found \(found)"
        case .quoteSignature: return "quote signature does not verify with the attestation key"
        case let .qeIdentityMismatch(field, expected, found): return "QE identity mismatch in \(field): expected \(expected), found \(found)"
        case let .qeSVNTooLow(svn, min): return "QE ISVSVN \(svn) is below the lowest QE identity TCB level (\(min))"
        case let .fmspcMismatch(pck, tcb): return "FMSPC of the PCK certificate (\(pck)) differs from the TCB info's (\(tcb))"
        case let .pceIDMismatch(pck, tcb): return "PCE-ID of the PCK certificate (\(pck)) differs from the TCB info's (\(tcb))"
        case let .tcbLevelNotFound(s): return "TCB not supported: no TCB level matches the platform (\(s))"
        case let .tdxModule(s): return "TDX module identity: \(s)"
        case let .tcbRevoked(ids): return "TCB status Revoked (advisories: \(ids.joined(separator: ", ")))"
        case .debugTD: return "TD is in debug mode (TDATTRIBUTES.DEBUG set): its memory is readable by the host"
        case .septVEDisableNotSet: return "TDATTRIBUTES.SEPT_VE_DISABLE is not set"
        case let .reservedTDAttributes(bits): return "reserved TDATTRIBUTES bits set: 0x\(String(bits, radix: 16))"
        case let .mrServiceTDNotZero(v): return "MRSERVICETD is not zero (\(v)): a service TD is bound"
        }
    }
}
