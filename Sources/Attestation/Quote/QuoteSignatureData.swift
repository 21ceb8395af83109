/// The ECDSA-256 quote signature data that follows the signed region (`sgx_ql_ecdsa_sig_data_t`).
public struct QuoteSignatureData: Sendable, Equatable, Hashable {
    /// r‖s (big-endian) by the attestation key over the signed region (header ‖ body).
    public var signature: [UInt8] { get { Array(signatureView) } set { signatureView = newValue[...] } }
    /// The attestation public key x‖y (big-endian), vouched for by the QE report.
    public var attestationKey: [UInt8] { get { Array(keyView) } set { keyView = newValue[...] } }
    /// Views of the parsed quote's buffer (no copy).
    private var signatureView: ArraySlice<UInt8>
    private(set) var keyView: ArraySlice<UInt8>
    /// Outer certification data; TDX quotes carry type 6 (QE report certification data).
    public var qeReportCertification: QEReportCertificationData

    public init(signature: [UInt8], attestationKey: [UInt8], qeReportCertification: QEReportCertificationData) {
        self.init(signature: signature[...], attestationKey: attestationKey[...], qeReportCertification: qeReportCertification)
    }

    private init(signature: ArraySlice<UInt8>, attestationKey: ArraySlice<UInt8>, qeReportCertification: QEReportCertificationData) {
        self.signatureView = signature
        self.keyView = attestationKey
        self.qeReportCertification = qeReportCertification
    }

    /// The PCK certificate chain PEM when the nested certification data is type 5.
    public var pckCertificateChainPEM: [UInt8]? {
        let c = qeReportCertification.pckCertification
        return c.type == CertificationData.pckCertChainType ? c.data : nil
    }

    static func parse(_ bytes: [UInt8], from start: Int, length: Int) throws(QuoteParseError) -> QuoteSignatureData {
        var r = ByteReader(bytes, offset: start, end: start + length)
        let sigAt = try r.take(64, field: "quote_signature")
        let keyAt = try r.take(64, field: "attestation_key")
        // The type-6 block is parsed in place rather than copied out first.
        let type = try r.u16("certification_data.type")
        let size = Int(try r.u32("certification_data.size"))
        guard size <= r.remaining else {
            throw .lengthOutOfBounds(field: "certification_data.size", declared: size, available: r.remaining)
        }
        guard type == CertificationData.qeReportType else {
            throw .unsupportedCertificationDataType(field: "certification_data", type: type, expected: [CertificationData.qeReportType])
        }
        return QuoteSignatureData(
            signature: bytes.slice(sigAt, 64),
            attestationKey: bytes.slice(keyAt, 64),
            qeReportCertification: try QEReportCertificationData.parse(bytes, from: r.offset, length: size))
    }

    func serialized() -> [UInt8] {
        var out = signature.padded(to: 64)
        out.append(contentsOf: attestationKey.padded(to: 64))
        CertificationData(type: CertificationData.qeReportType, data: qeReportCertification.serialized()).serialize(into: &out)
        return out
    }
}
