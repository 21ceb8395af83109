import Crypto
import Foundation

/// A simulated TDX machine: produces real TDX v4 quotes signed through the DCML simulation PKI.
///
/// The quote layout, QE report, certification data and PCK chain are byte-for-byte what a real TD
/// produces, so the one verifier code path checks both; only the root differs, and that root is
/// trusted only on explicit request, with every result marked SIMULATED.
public struct SimulatedTEE: Sendable {
    public let authority: SimulationAuthority
    public var measurements: SimulatedMeasurements
    public var tdAttributes: TDAttributes
    let attestationKey: P256.Signing.PrivateKey
    let qeCertification: QEReportCertificationData

    /// - Parameters:
    ///   - measurements: MRTD and RTMR0–2 (default: derived from the running binary).
    ///   - tdAttributes: default SEPT_VE_DISABLE only (a production TD).
    public init(measurements: SimulatedMeasurements = .ofRunningBinary(), tdAttributes: TDAttributes = .septVEDisable,
                authority: SimulationAuthority = .shared) {
        self.authority = authority
        self.measurements = measurements
        self.tdAttributes = tdAttributes
        let akey = P256.Signing.PrivateKey()
        attestationKey = akey
        let authData = Array(0 ..< 32).map(UInt8.init)
        var qe = EnclaveReport()
        qe.cpuSVN = SimulationAuthority.sgxComponents
        qe.attributes = [0x11] + [UInt8](repeating: 0, count: 7) + [0xe7] + [UInt8](repeating: 0, count: 7)
        qe.mrEnclave = SimulationAuthority.qeMREnclave
        qe.mrSigner = SimulationAuthority.qeMRSigner
        qe.isvProdID = SimulationAuthority.qeISVProdID
        qe.isvSVN = SimulationAuthority.qeISVSVN
        var h = SHA256()
        h.update(data: akey.publicKey.rawRepresentation)
        h.update(data: authData)
        qe.reportData = Array(h.finalize()) + [UInt8](repeating: 0, count: 32)
        let qeSig = Array(try! authority.pckKey.signature(for: qe.bytes).rawRepresentation)
        var pem = Array(authority.pckChainPEM.utf8)
        pem.append(0) // the QE writes a NUL-terminated string
        qeCertification = QEReportCertificationData(qeReport: qe, qeReportSignature: qeSig, qeAuthData: authData,
                                                    pckCertification: CertificationData(type: CertificationData.pckCertChainType, data: pem))
    }

    /// A TDX v4 quote over `reportData` (64 bytes; shorter input is zero-padded) with RTMR3 = `rtmr3`.
    public func quote(reportData: [UInt8], rtmr3: [UInt8] = [UInt8](repeating: 0, count: 48)) -> TDXQuote {
        let header = QuoteHeader(version: 4, qeSVN: SimulationAuthority.qeISVSVN, pceSVN: SimulationAuthority.pceSVN,
                                 userData: Array(SHA256.hash(data: attestationKey.publicKey.rawRepresentation).prefix(20)))
        var report = TDReport(kind: .td10)
        report.teeTCBSVN = SimulationAuthority.teeTCBSVN
        report.tdAttributes = tdAttributes
        report.xfam = [0xe7, 0x02, 0x06, 0, 0, 0, 0, 0]
        report.mrSeam = Array(SHA384.hash(data: Array("DCML SIMULATED TDX module".utf8)))
        report.mrTD = measurements.mrTD
        report.rtmr0 = measurements.rtmr0
        report.rtmr1 = measurements.rtmr1
        report.rtmr2 = measurements.rtmr2
        report.rtmr3 = rtmr3
        report.reportData = reportData
        let signed = TDXQuote.signedRegion(header: header, report: report)
        let sig = Array(try! attestationKey.signature(for: signed).rawRepresentation)
        return TDXQuote(header: header, report: report, signatureData: QuoteSignatureData(
            signature: sig, attestationKey: Array(attestationKey.publicKey.rawRepresentation), qeReportCertification: qeCertification))
    }
}
