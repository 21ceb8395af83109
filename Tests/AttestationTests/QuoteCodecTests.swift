import Foundation
import Testing
@testable import Attestation

@Suite struct QuoteCodecTests {
    @Test(arguments: Vectors.tdxNames)
    func parsesEveryVectorLikeItsMetadata(name: String) throws {
        let bytes = Vectors.quote(name)
        let q = try TDXQuote(parsing: bytes)
        let meta = Vectors.meta(name)
        let parsed = meta["parsed"] as! [String: Any]
        let header = parsed["header"] as! [String: Any]
        #expect(Int(q.header.version) == header["version"] as! Int)
        #expect(Hex.encode(q.header.userData) == header["user_data"] as! String)
        let td = parsed["td_report"] as! [String: Any]
        #expect(Hex.encode(q.report.mrTD) == td["mr_td"] as! String)
        #expect(Hex.encode(q.report.rtmr0) == td["rtmr0"] as! String)
        #expect(Hex.encode(q.report.rtmr3) == td["rtmr3"] as! String)
        #expect(Hex.encode(q.report.reportData) == td["report_data"] as! String)
        #expect(Hex.encode(q.report.teeTCBSVN) == td["tee_tcb_svn"] as! String)
        #expect(Hex.encode(q.report.tdAttributesBytes) == td["td_attributes"] as! String)
        if let svc = td["mr_service_td"] as? String { #expect(q.report.mrServiceTD.map(Hex.encode) == svc) }
        #expect(q.report.kind.rawValue == parsed["td_report_kind"] as! String)
        // Signed region and trailing padding.
        let sig = parsed["signature_data"] as! [String: Any]
        #expect(Hex.encode(q.signatureData.signature) == sig["quote_signature_r_s"] as! String)
        #expect(Hex.encode(q.signatureData.attestationKey) == sig["attestation_public_key_x_y"] as! String)
        #expect(q.trailingByteCount == sig["bytes_after_signature_data"] as! Int)
        #expect(q.rawBytes.count + q.trailingByteCount == bytes.count)
        if let signed = parsed["signed_region"] as? [String: Any] { #expect(q.signedLength == signed["end_exclusive"] as! Int) }
        // Re-encoding gives the signed bytes back exactly.
        #expect(q.serialized() == q.rawBytes)
        #expect(q.signatureData.pckCertificateChainPEM != nil)
    }

    @Test func tooShortInputNamesSizes() {
        let bytes = Array(Vectors.quote("01_dcapqvl_sample_tdx_quote_v4").prefix(412))
        #expect(throws: QuoteParseError.tooShort(size: 412, version: 4, minimum: TDXQuote.minimumSize(version: 4))) {
            try TDXQuote(parsing: bytes)
        }
        let err = QuoteParseError.tooShort(size: 412, version: 4, minimum: 1234)
        #expect(err.description == "quote too short: 412 bytes, a v4 quote needs at least 1234")
    }

    @Test func rejectsWrongVersionAndTEEType() {
        var b = Vectors.quote("01_dcapqvl_sample_tdx_quote_v4")
        b[0] = 3
        #expect(throws: QuoteParseError.unsupportedVersion(3)) { try TDXQuote(parsing: b) }
        b[0] = 4; b[4] = 0 // SGX
        #expect(throws: QuoteParseError.unsupportedTEEType(0)) { try TDXQuote(parsing: b) }
    }

    @Test func everyTruncationThrowsNeverCrashes() {
        let b = Vectors.quote("03_dcapqvl_tdx_quote_outdated_v5")
        let q = try! TDXQuote(parsing: b)
        for n in stride(from: 0, to: q.rawBytes.count, by: 7) {
            #expect(throws: QuoteParseError.self) { try TDXQuote(parsing: Array(b.prefix(n))) }
        }
    }

    @Test func lengthFieldPointingPastTheEndIsReported() {
        var b = Vectors.quote("01_dcapqvl_sample_tdx_quote_v4")
        b[632] = 0xff; b[633] = 0xff; b[634] = 0xff; b[635] = 0x7f
        #expect(throws: QuoteParseError.lengthOutOfBounds(field: "signature_data_len", declared: 0x7fff_ffff, available: b.count - 636)) {
            try TDXQuote(parsing: b)
        }
    }
}
