import Foundation
import Synchronization
import Testing
@testable import Attestation

/// A PCS that answers from a QuoteCollateralV3 file, shaped as Intel's v4 API answers (signed JSON
/// bodies, URL-encoded issuer chains in headers, DER CRLs), and counts what it was asked.
final class FakePCS: CollateralFetcher, Sendable {
    let collateral: QuoteCollateral
    let requests = Mutex<[String]>([])
    let failWith: Int?
    let dropHeaders: Bool

    init(_ collateral: QuoteCollateral, failWith: Int? = nil, dropHeaders: Bool = false) {
        self.collateral = collateral
        self.failWith = failWith
        self.dropHeaders = dropHeaders
    }

    var count: Int { requests.withLock { $0.count } }

    func get(_ url: String) async throws -> CollateralHTTPResponse {
        requests.withLock { $0.append(url) }
        if let failWith { return CollateralHTTPResponse(status: failWith, headers: ["Error-Message": "no such FMSPC"], body: []) }
        func encoded(_ pem: String) -> String { dropHeaders ? "" : pem.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        let c = collateral
        if url.contains("/tdx/certification/v4/tcb?fmspc=") {
            let body = "{\"tcbInfo\":\(c.tcbInfo),\"signature\":\"\(Hex.encode(c.tcbInfoSignature))\"}"
            return CollateralHTTPResponse(status: 200, headers: ["TCB-Info-Issuer-Chain": encoded(c.tcbInfoIssuerChain)], body: Array(body.utf8))
        }
        if url.hasSuffix("/tdx/certification/v4/qe/identity") {
            let body = "{\"enclaveIdentity\":\(c.qeIdentity),\"signature\":\"\(Hex.encode(c.qeIdentitySignature))\"}"
            return CollateralHTTPResponse(status: 200, headers: ["SGX-Enclave-Identity-Issuer-Chain": encoded(c.qeIdentityIssuerChain)], body: Array(body.utf8))
        }
        if url.contains("/sgx/certification/v4/pckcrl?ca=") {
            return CollateralHTTPResponse(status: 200, headers: ["SGX-PCK-CRL-Issuer-Chain": encoded(c.pckCRLIssuerChain)], body: c.pckCRL)
        }
        if url.hasSuffix("/sgx/certification/v4/rootcacrl") {
            return CollateralHTTPResponse(status: 200, headers: [:], body: c.rootCACRL)
        }
        return CollateralHTTPResponse(status: 404, headers: [:], body: Array("unknown path".utf8))
    }
}

@Suite struct PCSCollateralSourceTests {
    let name = "01_dcapqvl_sample_tdx_quote_v4"

    @Test func fetchesWhatTheQuoteNamesAndTheQuoteVerifies() async throws {
        let pcs = FakePCS(Vectors.collateral(name))
        let source = PCSCollateralSource(baseURL: "https://pccs.example:8081/", fetcher: pcs)
        let quote = try TDXQuote(parsing: Vectors.quote(name))
        let prepared = try await source.collateral(for: quote, at: Vectors.pinnedTime(name))
        let urls = pcs.requests.withLock { $0 }.sorted()
        #expect(urls == [
            "https://pccs.example:8081/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
            "https://pccs.example:8081/sgx/certification/v4/rootcacrl",
            "https://pccs.example:8081/tdx/certification/v4/qe/identity",
            "https://pccs.example:8081/tdx/certification/v4/tcb?fmspc=b0c06f000000",
        ])
        let result = try DCAPVerifier().verify(quote: Vectors.quote(name), collateral: prepared, at: Vectors.pinnedTime(name))
        #expect(result.failure == nil, "\(result.summary)")
        #expect(result.tcbStatus == .upToDate)
    }

    @Test func reusesCollateralWhileCurrentAndRefetchesAfter() async throws {
        let pcs = FakePCS(Vectors.collateral(name))
        let source = PCSCollateralSource(baseURL: "https://pccs.example", fetcher: pcs)
        let quote = try TDXQuote(parsing: Vectors.quote(name))
        let first = try await source.collateral(for: quote, at: Vectors.pinnedTime(name))
        _ = try await source.collateral(for: quote, at: Vectors.pinnedTime(name).addingTimeInterval(-60))
        #expect(pcs.count == 4)
        _ = try await source.collateral(for: quote, at: first.validUntil.addingTimeInterval(1))
        #expect(pcs.count == 8)
    }

    @Test func diskCacheServesANewSourceWithoutTheNetwork() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pcs-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let quote = try TDXQuote(parsing: Vectors.quote(name))
        _ = try await PCSCollateralSource(baseURL: "https://pccs.example", fetcher: FakePCS(Vectors.collateral(name)), cacheDirectory: dir)
            .collateral(for: quote, at: Vectors.pinnedTime(name))
        // The cached folder is a collateral directory `dcml attest verify --collateral` reads.
        let cached = try QuoteCollateral(contentsOf: dir.appendingPathComponent("b0c06f000000-platform").path)
        #expect(cached == Vectors.collateral(name))

        let offline = FakePCS(Vectors.collateral(name), failWith: 503)
        let again = try await PCSCollateralSource(baseURL: "https://pccs.example", fetcher: offline, cacheDirectory: dir)
            .collateral(for: quote, at: Vectors.pinnedTime(name))
        #expect(offline.count == 0)
        #expect(again.raw == Vectors.collateral(name))
    }

    @Test func intelPCSTakesTheRootCRLFromIntelsCertificateSite() async throws {
        let pcs = FakePCS(Vectors.collateral(name))
        let source = PCSCollateralSource(baseURL: PCSCollateralSource.intelPCS, fetcher: pcs)
        _ = try? await source.collateral(for: try TDXQuote(parsing: Vectors.quote(name)), at: Vectors.pinnedTime(name))
        #expect(pcs.requests.withLock { $0 }.contains("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der"))
    }

    @Test func httpErrorsAndMissingChainsSayWhatFailed() async throws {
        let quote = try TDXQuote(parsing: Vectors.quote(name))
        do {
            _ = try await PCSCollateralSource(baseURL: "https://pccs.example", fetcher: FakePCS(Vectors.collateral(name), failWith: 404))
                .collateral(for: quote, at: Vectors.pinnedTime(name))
            Issue.record("a 404 from the PCS must fail")
        } catch let error as CollateralError {
            guard case .fetchFailed(let url, let reason) = error else { Issue.record("\(error)"); return }
            #expect(url.hasPrefix("https://pccs.example/"))
            #expect(reason.contains("HTTP 404"))
            #expect(reason.contains("no such FMSPC"))
        }
        do {
            _ = try await PCSCollateralSource(baseURL: "https://pccs.example", fetcher: FakePCS(Vectors.collateral(name), dropHeaders: true))
                .collateral(for: quote, at: Vectors.pinnedTime(name))
            Issue.record("a PCS answer without its issuer chain must fail")
        } catch let error as CollateralError {
            #expect(error.description.contains("issuer chain"))
        }
    }

    @Test func simulatedQuotesNameTheSimulatedPlatform() async throws {
        let quote = SimulatedTEE().quote(reportData: [UInt8](repeating: 7, count: 64))
        let key = try PCSCollateralSource.key(for: quote)
        #expect(key.fmspc.count == 12)
        #expect(key.ca == "platform")
    }
}
