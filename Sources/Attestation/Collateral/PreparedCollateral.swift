import Foundation
import X509

/// Collateral parsed once for many verifications: certificates, CRLs and the TCB info / QE identity
/// decoded and their hex fields unpacked, TCB levels put in Intel QVL's canonical order.
///
/// Parsing is the slow part of collateral handling; signature checks are memoised in `cache`, and
/// the time-dependent checks (windows, expiry, CRL currency) run on every verification.
public struct PreparedCollateral: Sendable {
    public let raw: QuoteCollateral
    public let tcbInfo: TCBInfo
    public let qeIdentity: QEIdentity
    public let tcbInfoIssueDate: Date
    public let tcbInfoNextUpdate: Date
    public let qeIdentityIssueDate: Date
    public let qeIdentityNextUpdate: Date
    let rootCACRL: CertificateRevocationList
    let pckCRL: CertificateRevocationList
    let tcbSigningChain: [Certificate]
    let qeSigningChain: [Certificate]
    let pckCRLIssuerChain: [Certificate]
    let fmspc: [UInt8]
    let pceID: [UInt8]
    let qeMRSigner: [UInt8]
    let qeMiscSelect: UInt32
    let qeMiscSelectMask: UInt32
    let qeAttributes: [UInt8]
    let qeAttributesMask: [UInt8]
    let cache: SignatureCache

    public init(_ raw: QuoteCollateral, cache: SignatureCache = SignatureCache()) throws(DCAPVerificationError) {
        self.raw = raw
        self.cache = cache
        var tcb: TCBInfo
        do { tcb = try TCBInfo.decode(raw.tcbInfo) } catch { throw .collateral(error) }
        let isTDX = tcb.id == "TDX" && tcb.version >= 3
        tcb.tcbLevels.sort { a, b in
            let sa = a.tcb.sgxtcbcomponents.map(\.svn), sb = b.tcb.sgxtcbcomponents.map(\.svn)
            if sa != sb { return sa.lexicographicallyPrecedes(sb) == false }
            if a.tcb.pcesvn != b.tcb.pcesvn { return a.tcb.pcesvn > b.tcb.pcesvn }
            if isTDX {
                let ta = (a.tcb.tdxtcbcomponents ?? []).map(\.svn), tb = (b.tcb.tdxtcbcomponents ?? []).map(\.svn)
                if ta != tb { return tb.lexicographicallyPrecedes(ta) }
            }
            return false
        }
        self.tcbInfo = tcb
        do { qeIdentity = try QEIdentity.decode(raw.qeIdentity) } catch { throw .collateral(error) }
        func date(_ s: String, _ field: String) throws(DCAPVerificationError) -> Date {
            guard let d = Timestamp.parseRFC3339(s) else { throw .collateral(.malformed(field: field, reason: "'\(s)' is not an RFC 3339 time")) }
            return d
        }
        tcbInfoIssueDate = try date(tcb.issueDate, "tcb_info.issueDate")
        tcbInfoNextUpdate = try date(tcb.nextUpdate, "tcb_info.nextUpdate")
        qeIdentityIssueDate = try date(qeIdentity.issueDate, "qe_identity.issueDate")
        qeIdentityNextUpdate = try date(qeIdentity.nextUpdate, "qe_identity.nextUpdate")
        do {
            rootCACRL = try CertificateRevocationList(derEncoded: raw.rootCACRL)
            pckCRL = try CertificateRevocationList(derEncoded: raw.pckCRL)
            tcbSigningChain = try PEMChain.parse(raw.tcbInfoIssuerChain, field: "tcb_info_issuer_chain")
            qeSigningChain = try PEMChain.parse(raw.qeIdentityIssuerChain, field: "qe_identity_issuer_chain")
            pckCRLIssuerChain = try PEMChain.parse(raw.pckCRLIssuerChain, field: "pck_crl_issuer_chain")
        } catch {
            throw .collateral(.malformed(field: "certificates/CRLs", reason: error.description))
        }
        func hex(_ s: String, _ field: String, _ n: Int) throws(DCAPVerificationError) -> [UInt8] {
            guard let b = Hex.decode(s), b.count == n else { throw .collateral(.malformed(field: field, reason: "expected \(n) bytes of hex, got '\(s)'")) }
            return b
        }
        fmspc = try hex(tcb.fmspc, "tcb_info.fmspc", 6)
        pceID = try hex(tcb.pceId, "tcb_info.pceId", 2)
        qeMRSigner = try hex(qeIdentity.mrsigner, "qe_identity.mrsigner", 32)
        qeMiscSelect = UInt32(truncatingIfNeeded: UInt64(littleEndianBytes: try hex(qeIdentity.miscselect, "qe_identity.miscselect", 4)))
        qeMiscSelectMask = UInt32(truncatingIfNeeded: UInt64(littleEndianBytes: try hex(qeIdentity.miscselectMask, "qe_identity.miscselectMask", 4)))
        qeAttributes = try hex(qeIdentity.attributes, "qe_identity.attributes", 16)
        qeAttributesMask = try hex(qeIdentity.attributesMask, "qe_identity.attributesMask", 16)
    }

    public init(v3JSON: Data) throws(DCAPVerificationError) {
        do { try self.init(try QuoteCollateral(v3JSON: v3JSON)) } catch let e as DCAPVerificationError { throw e } catch {
            throw .collateral(error as? CollateralError ?? .malformed(field: "collateral", reason: "\(error)"))
        }
    }

    /// The earliest time at which all collateral is current (latest issue date / thisUpdate).
    public var validFrom: Date { [tcbInfoIssueDate, qeIdentityIssueDate, rootCACRL.thisUpdate, pckCRL.thisUpdate].max()! }
    /// The latest time at which all collateral is current (earliest next update).
    public var validUntil: Date {
        [tcbInfoNextUpdate, qeIdentityNextUpdate, rootCACRL.nextUpdate ?? .distantFuture, pckCRL.nextUpdate ?? .distantFuture].min()!
    }
}
