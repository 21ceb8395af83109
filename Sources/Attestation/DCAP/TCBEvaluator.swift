/// Maps a platform to its TCB status: the PCK certificate's SVNs and the quote's TEE_TCB_SVN against
/// the TCB info levels, the TDX module identity, and the QE's ISVSVN against the QE identity.
///
/// Follows Intel QVL (and dcap-qvl): levels are tried highest first and the first one the platform
/// meets in every component wins; when TEE_TCB_SVN[1] (the module's major version) is non-zero, TDX
/// components 0 and 1 are left to the TDX module identity `TDX_0n` instead.
public enum TCBEvaluator {
    /// The platform TCB level (FMSPC, PCE-ID, SGX components, PCESVN, TDX components).
    public static func platform(_ tcbInfo: TCBInfo, fmspc: [UInt8], pceID: [UInt8], pck: PCKExtension,
                                report: TDReport) throws(DCAPVerificationError) -> (TCBStatusWithAdvisories, TCBInfo.Level) {
        guard pck.fmspc == fmspc else { throw .fmspcMismatch(pck: Hex.encode(pck.fmspc), tcbInfo: Hex.encode(fmspc)) }
        guard pck.pceID == pceID else { throw .pceIDMismatch(pck: Hex.encode(pck.pceID), tcbInfo: Hex.encode(pceID)) }
        guard tcbInfo.id == "TDX", tcbInfo.version >= 3 else {
            throw .collateralIdentity(item: "TCB info id/version", expected: "TDX version >= 3", found: "\(tcbInfo.id) version \(tcbInfo.version)")
        }
        let teeTCBSVN = report.teeTCBSVN
        let firstTDX = teeTCBSVN[1] > 0 ? 2 : 0
        for level in tcbInfo.tcbLevels {
            guard pck.pceSVN >= level.tcb.pcesvn else { continue }
            let sgx = level.tcb.sgxtcbcomponents.map(\.svn)
            guard sgx.count == 16 else { throw .tcbLevelNotFound("TCB level has \(sgx.count) SGX components, expected 16") }
            guard zip(pck.tcbComponents, sgx).allSatisfy({ $0 >= $1 }) else { continue }
            let tdx = (level.tcb.tdxtcbcomponents ?? []).map(\.svn)
            guard tdx.count == 16 else { throw .tcbLevelNotFound("TCB level has \(tdx.count) TDX components, expected 16") }
            guard (firstTDX ..< 16).allSatisfy({ teeTCBSVN[$0] >= tdx[$0] }) else { continue }
            return (TCBStatusWithAdvisories(status: level.tcbStatus, advisoryIDs: level.advisoryIDs ?? []), level)
        }
        let best = tcbInfo.tcbLevels.first.map { l in
            "platform SGX components \(pck.tcbComponents.map(String.init).joined(separator: ",")) PCESVN \(pck.pceSVN) TEE_TCB_SVN \(Hex.encode(teeTCBSVN)); highest level needs SGX \(l.tcb.sgxtcbcomponents.map { String($0.svn) }.joined(separator: ",")) PCESVN \(l.tcb.pcesvn)"
        } ?? "TCB info has no levels"
        throw .tcbLevelNotFound(best)
    }

    /// The TDX module identity: MRSIGNERSEAM and SEAMATTRIBUTES, and (for module version > 0) the
    /// status of the module's ISVSVN in identity `TDX_0n`. Nil status when the TCB info has no
    /// per-module levels.
    public static func tdxModule(_ tcbInfo: TCBInfo, report: TDReport) throws(DCAPVerificationError) -> TCBStatusWithAdvisories? {
        guard let base = tcbInfo.tdxModule else { throw .tdxModule("TCB info has no tdxModule") }
        let svn = report.teeTCBSVN
        let isvsvn = svn[0], version = svn[1]
        var mrsigner = base.mrsigner, attributes = base.attributes, mask = base.attributesMask
        var levels: [TCBInfo.ModuleLevel]?
        if version > 0, let ids = tcbInfo.tdxModuleIdentities, !ids.isEmpty {
            let wanted = "TDX_" + (version < 16 ? "0" : "") + String(version, radix: 16, uppercase: true)
            guard let id = ids.first(where: { $0.id.caseInsensitiveCompare(wanted) == .orderedSame }) else {
                throw .tdxModule("no module identity \(wanted) in TCB info (has \(ids.map(\.id).joined(separator: ", ")))")
            }
            mrsigner = id.mrsigner; attributes = id.attributes; mask = id.attributesMask; levels = id.tcbLevels
        }
        guard let expSigner = Hex.decode(mrsigner), expSigner.count == 48 else { throw .tdxModule("mrsigner '\(mrsigner)' is not 48 bytes of hex") }
        guard let expAttr = Hex.decode(attributes), expAttr.count == 8, let m = Hex.decode(mask), m.count == 8 else {
            throw .tdxModule("attributes/attributesMask are not 8 bytes of hex")
        }
        guard report.mrSignerSeam == expSigner else {
            throw .tdxModule("MRSIGNERSEAM is \(Hex.encode(report.mrSignerSeam)), expected \(mrsigner.lowercased())")
        }
        let seam = report.seamAttributes
        for i in 0 ..< 8 where seam[i] & m[i] != expAttr[i] & m[i] || seam[i] & ~m[i] != 0 {
            throw .tdxModule("SEAMATTRIBUTES \(Hex.encode(seam)) do not match \(attributes.lowercased()) under mask \(mask.lowercased())")
        }
        guard let levels else { return nil }
        guard let level = levels.first(where: { isvsvn >= $0.tcb.isvsvn }) else {
            throw .tdxModule("module ISVSVN \(isvsvn) is below every level (lowest \(levels.map(\.tcb.isvsvn).min() ?? 0))")
        }
        return TCBStatusWithAdvisories(status: level.tcbStatus, advisoryIDs: level.advisoryIDs ?? [])
    }

    /// The Quoting Enclave against the QE identity: MRSIGNER, production mode, ISVPRODID, masked
    /// MISCSELECT and ATTRIBUTES, then the status of its ISVSVN.
    static func qe(_ qe: EnclaveReport, _ c: PreparedCollateral) throws(DCAPVerificationError) -> TCBStatusWithAdvisories {
        guard qe.mrSigner == c.qeMRSigner else {
            throw .qeIdentityMismatch(field: "MRSIGNER", expected: Hex.encode(c.qeMRSigner), found: Hex.encode(qe.mrSigner))
        }
        let attrs = qe.attributes
        guard attrs[0] & 0x02 == 0 else { throw .qeIdentityMismatch(field: "ATTRIBUTES.DEBUG", expected: "0 (production QE)", found: "1") }
        guard qe.isvProdID == c.qeIdentity.isvprodid else {
            throw .qeIdentityMismatch(field: "ISVPRODID", expected: String(c.qeIdentity.isvprodid), found: String(qe.isvProdID))
        }
        guard qe.miscSelect & c.qeMiscSelectMask == c.qeMiscSelect & c.qeMiscSelectMask else {
            throw .qeIdentityMismatch(field: "MISCSELECT", expected: String(c.qeMiscSelect & c.qeMiscSelectMask, radix: 16), found: String(qe.miscSelect & c.qeMiscSelectMask, radix: 16))
        }
        for i in 0 ..< 16 where attrs[i] & c.qeAttributesMask[i] != c.qeAttributes[i] & c.qeAttributesMask[i] {
            throw .qeIdentityMismatch(field: "ATTRIBUTES", expected: Hex.encode(zip(c.qeAttributes, c.qeAttributesMask).map { $0 & $1 }),
                                      found: Hex.encode(zip(attrs, c.qeAttributesMask).map { $0 & $1 }))
        }
        let svn = qe.isvSVN
        guard let level = c.qeIdentity.tcbLevels.first(where: { svn >= $0.tcb.isvsvn }) else {
            throw .qeSVNTooLow(isvsvn: svn, minimum: c.qeIdentity.tcbLevels.map(\.tcb.isvsvn).min() ?? 0)
        }
        return TCBStatusWithAdvisories(status: level.tcbStatus, advisoryIDs: level.advisoryIDs ?? [])
    }
}
