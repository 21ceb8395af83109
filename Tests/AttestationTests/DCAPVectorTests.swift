import Foundation
import Testing
@testable import Attestation

@Suite struct DCAPVectorTests {
    @Test func vector01VerifiesUpToDate() throws {
        let name = "01_dcapqvl_sample_tdx_quote_v4"
        let c = try PreparedCollateral(Vectors.collateral(name))
        let r = try DCAPVerifier().verify(quote: Vectors.quote(name), collateral: c, at: Vectors.pinnedTime(name))
        #expect(r.failure == nil, "\(r.summary)")
        #expect(r.tcbStatus == .upToDate)
        #expect(r.advisoryIDs.isEmpty)
        #expect(r.platformTCB?.status == .upToDate)
        #expect(r.tdxModuleTCB?.status == .upToDate)
        #expect(r.qeTCB?.status == .upToDate)
        #expect(r.passedChecks == DCAPCheck.allCases)
        #expect(r.trustAnchor == .intel)
        #expect(!r.isSimulated)
        #expect(Hex.encode(r.pckExtension!.fmspc) == "b0c06f000000")
    }

    @Test func vector01RejectedOutsideCollateralWindow() throws {
        let name = "01_dcapqvl_sample_tdx_quote_v4"
        let c = try PreparedCollateral(Vectors.collateral(name))
        let late = try DCAPVerifier().verify(quote: Vectors.quote(name), collateral: c, at: Vectors.pinnedTime(name).addingTimeInterval(3600))
        #expect(late.failure != nil)
        let early = try DCAPVerifier().verify(quote: Vectors.quote(name), collateral: c, at: Timestamp.parseRFC3339("2025-06-01T00:00:00Z")!)
        #expect(early.failure != nil)
    }

    @Test func vector03HasNoMatchingTCBLevel() throws {
        let name = "03_dcapqvl_tdx_quote_outdated_v5"
        let c = try PreparedCollateral(Vectors.collateral(name))
        let r = try DCAPVerifier().verify(quote: Vectors.quote(name), collateral: c, at: Vectors.pinnedTime(name))
        guard case .tcbLevelNotFound = r.failure else {
            Issue.record("expected TCB not supported, got \(r.summary)"); return
        }
        // Every signature and chain before the TCB match passed.
        for check in [DCAPCheck.rootCACRL, .pckCRL, .tcbInfo, .qeIdentity, .pckChain, .qeReportSignature, .qeReportData, .qeIdentityMatch, .quoteSignature] {
            #expect(r.passedChecks.contains(check), "\(check)")
        }
        #expect(r.pckExtension?.tcbComponents[7] == 3)
    }

    @Test(arguments: Vectors.tdxNames)
    func signaturesAndPCKChainVerifyWithoutCollateral(name: String) throws {
        // Vector 10 binds a service TD (MRSERVICETD != 0), which is rejected unless allowed explicitly.
        let bindsServiceTD = name.hasPrefix("10_")
        if bindsServiceTD {
            let strict = try DCAPVerifier().verify(quote: Vectors.quote(name), collateral: nil, at: Vectors.checkTime(name))
            guard case .mrServiceTDNotZero = strict.failure else { Issue.record("expected MRSERVICETD rejection: \(strict.summary)"); return }
        }
        let r = try DCAPVerifier(allowServiceTD: bindsServiceTD).verify(quote: Vectors.quote(name), collateral: nil, at: Vectors.checkTime(name))
        #expect(r.failure == nil, "\(r.summary)")
        #expect(r.trustAnchor == .intel)
        #expect(r.passedChecks.contains(.quoteSignature))
        #expect(r.passedChecks.contains(.qeReportData))
        #expect(r.tcbStatus == nil)
        #expect(!r.usedCollateral)
    }
}
