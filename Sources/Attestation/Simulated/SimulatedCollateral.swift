import Crypto
import Foundation

extension SimulationAuthority {
    /// Collateral for the simulated platform, in Intel's formats and signed by the simulation PKI:
    /// TCB info (one UpToDate level, TDX module identity `TDX_01`), QE identity, root CA CRL and PCK CRL,
    /// current from one day before `time` to 30 days after it.
    ///
    /// Verifiers regenerate this for the time they verify at; it is valid for a quote from any
    /// simulated node because every simulated platform shares the same (simulated) TCB.
    public func collateral(at time: Date = Date()) -> QuoteCollateral {
        let secs = Int64(time.timeIntervalSince1970)
        let issue = Date(timeIntervalSince1970: Double(secs - 86400))
        let next = Date(timeIntervalSince1970: Double(secs + 30 * 86400))
        let issueS = Timestamp.format(issue), nextS = Timestamp.format(next)
        let tcbInfo = TCBInfo(
            issueDate: issueS, nextUpdate: nextS, fmspc: Hex.encode(Self.fmspc), pceId: Hex.encode(Self.pceID), tcbEvaluationDataNumber: 1,
            tdxModule: .init(mrsigner: String(repeating: "0", count: 96), attributes: "0000000000000000", attributesMask: "FFFFFFFFFFFFFFFF"),
            tdxModuleIdentities: [
                .init(id: "TDX_01", mrsigner: String(repeating: "0", count: 96), attributes: "0000000000000000", attributesMask: "FFFFFFFFFFFFFFFF",
                      tcbLevels: [.init(isvsvn: Self.teeTCBSVN[0], tcbDate: "2024-01-01T00:00:00Z", tcbStatus: .upToDate)]),
            ],
            tcbLevels: [
                .init(tcb: .init(sgxtcbcomponents: Self.sgxComponents.map { .init(svn: $0) }, pcesvn: Self.pceSVN,
                                 tdxtcbcomponents: Self.teeTCBSVN.map { .init(svn: $0) }),
                      tcbDate: "2024-01-01T00:00:00Z", tcbStatus: .upToDate),
            ])
        let qeIdentity = QEIdentity(
            issueDate: issueS, nextUpdate: nextS, tcbEvaluationDataNumber: 1, miscselect: "00000000", miscselectMask: "FFFFFFFF",
            attributes: "11000000000000000000000000000000", attributesMask: "FBFFFFFFFFFFFFFF0000000000000000",
            mrsigner: Hex.encode(Self.qeMRSigner).uppercased(), isvprodid: Self.qeISVProdID,
            tcbLevels: [.init(isvsvn: Self.qeISVSVN, tcbDate: "2024-01-01T00:00:00Z", tcbStatus: .upToDate)])
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let tcbText = String(decoding: try! enc.encode(tcbInfo), as: UTF8.self)
        let qeText = String(decoding: try! enc.encode(qeIdentity), as: UTF8.self)
        let tcbSig = Array(try! tcbSigningKey.signature(for: Array(tcbText.utf8)).rawRepresentation)
        let qeSig = Array(try! tcbSigningKey.signature(for: Array(qeText.utf8)).rawRepresentation)
        let rootCRL = try! CRLBuilder.build(issuer: Self.rootName, key: rootKey, thisUpdate: issue, nextUpdate: next)
        let pckCRL = try! CRLBuilder.build(issuer: Self.platformCAName, key: pckPlatformCAKey, thisUpdate: issue, nextUpdate: next)
        let signingChain = Self.pem([tcbSigningCertificate, rootCertificate])
        return QuoteCollateral(
            pckCRLIssuerChain: Self.pem([pckPlatformCACertificate, rootCertificate]), rootCACRL: rootCRL, pckCRL: pckCRL,
            tcbInfoIssuerChain: signingChain, tcbInfo: tcbText, tcbInfoSignature: tcbSig,
            qeIdentityIssuerChain: signingChain, qeIdentity: qeText, qeIdentitySignature: qeSig)
    }
}
