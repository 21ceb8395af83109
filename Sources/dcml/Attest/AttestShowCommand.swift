import ArgumentParser
import Attestation
import Foundation

/// `dcml attest show QUOTE`: print a quote's fields without verifying anything.
struct AttestShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the fields of a TDX quote (no verification).")

    @Argument(help: "Quote file (raw bytes or hex text).") var quote: String

    func run() throws {
        let bytes = try AttestInput.bytes(quote)
        let q: TDXQuote
        do { q = try TDXQuote(parsing: bytes) } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(2)
        }
        var o: [String: Any] = [
            "version": Int(q.header.version), "tee_type": "0x" + String(q.header.teeType, radix: 16),
            "attestation_key_type": Int(q.header.attestationKeyType), "qe_vendor_id": Hex.encode(q.header.qeVendorID),
            "user_data": Hex.encode(q.header.userData), "size": q.rawBytes.count, "trailing_bytes": q.trailingByteCount,
            "signed_length": q.signedLength, "td_report": q.report.jsonObject(),
            "quote_signature": Hex.encode(q.signatureData.signature), "attestation_key": Hex.encode(q.signatureData.attestationKey),
            "pck_certification_data_type": Int(q.signatureData.qeReportCertification.pckCertification.type),
            "simulated": SimulatedCollateralSource.isSimulated(q),
        ]
        let qe = q.signatureData.qeReportCertification.qeReport
        o["qe_report"] = ["mr_signer": Hex.encode(qe.mrSigner), "mr_enclave": Hex.encode(qe.mrEnclave), "isv_prod_id": Int(qe.isvProdID),
                          "isv_svn": Int(qe.isvSVN), "report_data": Hex.encode(qe.reportData)]
        AttestInput.printJSON(o)
    }
}
