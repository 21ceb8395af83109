import Crypto
import Foundation
import Testing
@testable import Attestation

@Suite struct CollateralFormTests {
    /// The same collateral as Intel PCS v4 responses (bodies with the signed member, URL-encoded issuer
    /// chain headers, DER CRLs) verifies exactly like the QuoteCollateralV3 JSON.
    @Test func pcsResponsesGiveTheSameResult() throws {
        let name = "01_dcapqvl_sample_tdx_quote_v4"
        let v3 = Vectors.collateral(name)
        let tcbBody = "{\"tcbInfo\":\(v3.tcbInfo),\"signature\":\"\(Hex.encode(v3.tcbInfoSignature))\"}"
        let qeBody = "{\"enclaveIdentity\":\(v3.qeIdentity),\"signature\":\"\(Hex.encode(v3.qeIdentitySignature))\"}"
        let enc = { (s: String) in s.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        let pcs = try QuoteCollateral(pcsTCBInfoResponse: tcbBody, tcbInfoIssuerChain: enc(v3.tcbInfoIssuerChain),
                                      pcsQEIdentityResponse: qeBody, qeIdentityIssuerChain: v3.qeIdentityIssuerChain,
                                      pckCRL: v3.pckCRL, pckCRLIssuerChain: enc(v3.pckCRLIssuerChain), rootCACRL: Array(Hex.encode(v3.rootCACRL).utf8))
        #expect(pcs == v3)
        // And from a directory of PCS responses.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dcml-pcs-\(UInt32.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(tcbBody.utf8).write(to: dir.appendingPathComponent("tcb_info.json"))
        try Data(v3.tcbInfoIssuerChain.utf8).write(to: dir.appendingPathComponent("tcb_info_issuer_chain.pem"))
        try Data(qeBody.utf8).write(to: dir.appendingPathComponent("qe_identity.json"))
        try Data(v3.qeIdentityIssuerChain.utf8).write(to: dir.appendingPathComponent("qe_identity_issuer_chain.pem"))
        try Data(v3.pckCRL).write(to: dir.appendingPathComponent("pck_crl.der"))
        try Data(v3.pckCRLIssuerChain.utf8).write(to: dir.appendingPathComponent("pck_crl_issuer_chain.pem"))
        try Data(v3.rootCACRL).write(to: dir.appendingPathComponent("root_ca_crl.der"))
        let fromDir = try QuoteCollateral(contentsOf: dir.path)
        #expect(fromDir == v3)
        let r = try DCAPVerifier().verify(quote: Vectors.quote(name), collateral: PreparedCollateral(fromDir), at: Vectors.pinnedTime(name))
        #expect(r.tcbStatus == .upToDate && r.isVerified)
    }

    @Test func tamperedCollateralIsRejected() throws {
        let name = "01_dcapqvl_sample_tdx_quote_v4"
        var c = Vectors.collateral(name)
        c.tcbInfo = c.tcbInfo.replacingOccurrences(of: "\"tcbEvaluationDataNumber\":17", with: "\"tcbEvaluationDataNumber\":18")
        let r = try DCAPVerifier().verify(quote: Vectors.quote(name), collateral: PreparedCollateral(c), at: Vectors.pinnedTime(name))
        #expect(r.failure == .collateralSignature(item: "TCB info"))
        var c2 = Vectors.collateral(name)
        c2.pckCRL[c2.pckCRL.count - 5] ^= 1
        let r2 = try DCAPVerifier().verify(quote: Vectors.quote(name), collateral: PreparedCollateral(c2), at: Vectors.pinnedTime(name))
        #expect(r2.failure?.check == .pckCRL)
    }

    /// Vector 05: the v5 TCB info (PCS response) is signed by the 2025–2032 TCB signing certificate
    /// (found in vector 01's collateral), and the quote's platform matches an UpToDate level.
    @Test func vector05TCBInfoV5MatchesUpToDate() throws {
        let body = Vectors.text("tdx/05_gotdxguest_quote_v5_sample/pcs_tcbinfo_response_fmspc_90c06f000000.json")
        let (text, sig) = try QuoteCollateral.signedMember("tcbInfo", of: body, field: "tcb_info response")
        let signing = try PEMChain.parse(Vectors.collateral("01_dcapqvl_sample_tdx_quote_v4").tcbInfoIssuerChain, field: "chain")
        let at = Timestamp.parseRFC3339("2026-02-03T01:00:00Z")!
        _ = try ChainValidator(anchors: [.intelSGXRoot], allowSimulation: false).validate(signing, name: "TCB signing", at: at)
        let key = try #require(P256.Signing.PublicKey(signing[0].publicKey))
        #expect(key.isValidSignature(try P256.Signing.ECDSASignature(rawRepresentation: sig), for: Array(text.utf8)))

        let quote = try TDXQuote(parsing: Vectors.quote("05_gotdxguest_quote_v5_sample"))
        let sigOnly = DCAPVerifier().verify(quote, collateral: nil, at: at)
        #expect(sigOnly.isVerified, "\(sigOnly.summary)")
        var tcb = try TCBInfo.decode(text)
        tcb.tcbLevels.sort { $0.tcb.pcesvn > $1.tcb.pcesvn }
        let (platform, level) = try TCBEvaluator.platform(tcb, fmspc: Hex.decode(tcb.fmspc)!, pceID: Hex.decode(tcb.pceId)!, pck: sigOnly.pckExtension!, report: quote.report)
        #expect(platform.status == .upToDate)
        #expect(level.tcbDate == "2024-11-13T00:00:00Z")
        #expect(try TCBEvaluator.tdxModule(tcb, report: quote.report)?.status == .upToDate)
    }
}
