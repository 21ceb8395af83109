/// Certification data type 6 (`sgx_ql_qe_report_cert_data_t` in `sgx_quote_4.h`): the QE report signed
/// by the PCK key, with the QE authentication data whose hash (with the attestation key) the QE report
/// carries, and the nested PCK certification data (normally type 5, the PEM chain).
public struct QEReportCertificationData: Sendable, Equatable, Hashable {
    public var qeReport: EnclaveReport
    /// ECDSA P-256 r‖s (big-endian) over the 384 QE report bytes, by the PCK key.
    public var qeReportSignature: [UInt8] { get { Array(signatureView) } set { signatureView = newValue[...] } }
    public var qeAuthData: [UInt8] { get { Array(authDataView) } set { authDataView = newValue[...] } }
    public var pckCertification: CertificationData
    /// Views of the parsed quote's buffer (no copy).
    private var signatureView: ArraySlice<UInt8>
    private(set) var authDataView: ArraySlice<UInt8>

    public init(qeReport: EnclaveReport, qeReportSignature: [UInt8], qeAuthData: [UInt8], pckCertification: CertificationData) {
        self.init(qeReport: qeReport, signatureView: qeReportSignature[...], authDataView: qeAuthData[...], pckCertification: pckCertification)
    }

    private init(qeReport: EnclaveReport, signatureView: ArraySlice<UInt8>, authDataView: ArraySlice<UInt8>, pckCertification: CertificationData) {
        self.qeReport = qeReport
        self.signatureView = signatureView
        self.authDataView = authDataView
        self.pckCertification = pckCertification
    }

    static func parse(_ data: [UInt8], from start: Int = 0, length: Int? = nil) throws(QuoteParseError) -> QEReportCertificationData {
        var r = ByteReader(data, offset: start, end: start + (length ?? data.count))
        let reportAt = try r.take(EnclaveReport.size, field: "qe_report")
        let sigAt = try r.take(64, field: "qe_report_signature")
        let authSize = Int(try r.u16("qe_auth_data.size"))
        guard authSize <= r.remaining else {
            throw .lengthOutOfBounds(field: "qe_auth_data.size", declared: authSize, available: r.remaining)
        }
        let authAt = try r.take(authSize, field: "qe_auth_data")
        let pck = try CertificationData.parse(&r, field: "pck_certification_data")
        return QEReportCertificationData(
            qeReport: EnclaveReport(view: data.slice(reportAt, EnclaveReport.size))!,
            signatureView: data.slice(sigAt, 64),
            authDataView: data.slice(authAt, authSize),
            pckCertification: pck)
    }

    func serialized() -> [UInt8] {
        var out = qeReport.bytes
        out.append(contentsOf: qeReportSignature.padded(to: 64))
        out.appendLE16(UInt16(authDataView.count))
        out.append(contentsOf: authDataView)
        pckCertification.serialize(into: &out)
        return out
    }
}
