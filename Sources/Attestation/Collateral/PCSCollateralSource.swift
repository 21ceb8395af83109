import Foundation
import Synchronization
import X509

/// Collateral fetched from Intel's Provisioning Certification Service or a PCCS (the caching
/// service a data centre runs in front of it), kept until it stops being current.
///
/// A quote names what it needs through its PCK certificate: the FMSPC (TCB info is per platform
/// family) and the issuing CA (processor or platform, which picks the PCK CRL). The four PCS v4
/// calls are
/// `GET {base}/tdx/certification/v4/tcb?fmspc=…` (header `TCB-Info-Issuer-Chain`),
/// `GET {base}/tdx/certification/v4/qe/identity` (header `SGX-Enclave-Identity-Issuer-Chain`),
/// `GET {base}/sgx/certification/v4/pckcrl?ca=…&encoding=der` (header `SGX-PCK-CRL-Issuer-Chain`),
/// and the root CA CRL: `{base}/sgx/certification/v4/rootcacrl` on a PCCS, Intel's published
/// `IntelSGXRootCA.der` for the PCS itself.
///
/// Collateral is public, so the optional disk cache holds it in the same directory form
/// `QuoteCollateral(contentsOf:)` and `dcml attest verify --collateral DIR` read. Nothing fetched is
/// trusted: the verifier checks every signature, chain and window as it does for a file.
public final class PCSCollateralSource: CollateralSource, Sendable {
    /// Intel's PCS; a PCCS is usually `https://localhost:8081`.
    public static let intelPCS = "https://api.trustedservices.intel.com"
    static let intelRootCACRL = "https://certificates.trustedservices.intel.com/IntelSGXRootCA.der"

    public let baseURL: String
    private let fetcher: any CollateralFetcher
    private let cacheDirectory: URL?
    private let rootCACRLURL: String
    private let cached = Mutex<[Key: PreparedCollateral]>([:])

    /// What one set of collateral serves.
    struct Key: Hashable {
        var fmspc: String
        var ca: String
    }

    public init(baseURL: String, fetcher: any CollateralFetcher, cacheDirectory: URL? = nil, rootCACRLURL: String? = nil) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.fetcher = fetcher
        self.cacheDirectory = cacheDirectory
        self.rootCACRLURL = rootCACRLURL
            ?? (base == Self.intelPCS ? Self.intelRootCACRL : "\(base)/sgx/certification/v4/rootcacrl")
    }

    public func collateral(for quote: TDXQuote, at time: Date) async throws -> PreparedCollateral {
        let key = try Self.key(for: quote)
        if let hit = cached.withLock({ $0[key] }), Self.isCurrent(hit, at: time) { return hit }
        if let fromDisk = loadFromDisk(key), Self.isCurrent(fromDisk, at: time) {
            cached.withLock { $0[key] = fromDisk }
            return fromDisk
        }
        let files = try await fetch(key)
        let prepared = try PreparedCollateral(try files.collateral())
        try? storeOnDisk(files, key: key)
        cached.withLock { $0[key] = prepared }
        return prepared
    }

    /// Collateral is reused while `time` lies inside its window; past `validUntil` it is fetched
    /// again (a PCS answer issued later may carry a new TCB evaluation).
    static func isCurrent(_ c: PreparedCollateral, at time: Date) -> Bool {
        c.validFrom <= time && time < c.validUntil
    }

    /// The FMSPC and PCK CA named by the quote's PCK certificate.
    static func key(for quote: TDXQuote) throws(CollateralError) -> Key {
        guard let pem = quote.signatureData.pckCertificateChainPEM else {
            throw .missing(field: "quote's PCK certificate chain (certification data type 5)")
        }
        let leaf: Certificate
        do { leaf = try PEMChain.parse(pem, field: "PCK chain")[0] } catch {
            throw .malformed(field: "quote's PCK certificate chain", reason: error.description)
        }
        let ext: PCKExtension
        do { ext = try PCKExtension(certificate: leaf) } catch {
            throw .malformed(field: "PCK certificate SGX extension", reason: "\(error)")
        }
        let issuer = leaf.issuer.description
        let ca = issuer.contains("Processor") ? "processor" : "platform"
        return Key(fmspc: Hex.encode(ext.fmspc), ca: ca)
    }

    /// The seven PCS answers, as bytes, under the file names of a collateral directory.
    struct Files {
        var contents: [String: [UInt8]]

        static let names = [
            "tcb_info.json", "tcb_info_issuer_chain.pem", "qe_identity.json", "qe_identity_issuer_chain.pem",
            "pck_crl.der", "pck_crl_issuer_chain.pem", "root_ca_crl.der",
        ]

        func text(_ name: String) -> String { String(decoding: contents[name] ?? [], as: UTF8.self) }

        func collateral() throws(CollateralError) -> QuoteCollateral {
            try QuoteCollateral(
                pcsTCBInfoResponse: text("tcb_info.json"), tcbInfoIssuerChain: text("tcb_info_issuer_chain.pem"),
                pcsQEIdentityResponse: text("qe_identity.json"), qeIdentityIssuerChain: text("qe_identity_issuer_chain.pem"),
                pckCRL: contents["pck_crl.der"] ?? [], pckCRLIssuerChain: text("pck_crl_issuer_chain.pem"),
                rootCACRL: contents["root_ca_crl.der"] ?? [])
        }
    }

    private func fetch(_ key: Key) async throws(CollateralError) -> Files {
        let pcs = "\(baseURL)/tdx/certification/v4"
        let sgx = "\(baseURL)/sgx/certification/v4"
        async let tcb = get("\(pcs)/tcb?fmspc=\(key.fmspc)", header: "tcb-info-issuer-chain")
        async let qe = get("\(pcs)/qe/identity", header: "sgx-enclave-identity-issuer-chain")
        async let pckCRL = get("\(sgx)/pckcrl?ca=\(key.ca)&encoding=der", header: "sgx-pck-crl-issuer-chain")
        async let rootCRL = get(rootCACRLURL, header: nil)
        do {
            let (t, q, p, r) = try await (tcb, qe, pckCRL, rootCRL)
            return Files(contents: [
                "tcb_info.json": t.body, "tcb_info_issuer_chain.pem": Array(t.chain.utf8),
                "qe_identity.json": q.body, "qe_identity_issuer_chain.pem": Array(q.chain.utf8),
                "pck_crl.der": p.body, "pck_crl_issuer_chain.pem": Array(p.chain.utf8),
                "root_ca_crl.der": r.body,
            ])
        } catch let error as CollateralError {
            throw error
        } catch {
            throw .fetchFailed(url: baseURL, reason: "\(error)")
        }
    }

    private func get(_ url: String, header: String?) async throws(CollateralError) -> (body: [UInt8], chain: String) {
        let response: CollateralHTTPResponse
        do { response = try await fetcher.get(url) } catch {
            throw .fetchFailed(url: url, reason: "\(error)")
        }
        guard response.status == 200 else {
            let detail = response.headers["error-message"] ?? String(decoding: response.body.prefix(200), as: UTF8.self)
            throw .fetchFailed(url: url, reason: "HTTP \(response.status)\(detail.isEmpty ? "" : ": \(detail)")")
        }
        guard let header else { return (response.body, "") }
        guard let chain = response.headers[header], !chain.isEmpty else {
            throw .fetchFailed(url: url, reason: "the response has no \(header) header (the issuer chain)")
        }
        return (response.body, QuoteCollateral.headerPEM(chain))
    }

    // MARK: Disk cache

    private func directory(for key: Key) -> URL? {
        cacheDirectory?.appendingPathComponent("\(key.fmspc)-\(key.ca)", isDirectory: true)
    }

    private func loadFromDisk(_ key: Key) -> PreparedCollateral? {
        guard let dir = directory(for: key) else { return nil }
        return try? PreparedCollateral(try QuoteCollateral(contentsOf: dir.path))
    }

    /// Writes the answers to a fresh folder, then renames it over the old one, so a reader never
    /// sees a mix of two fetches.
    private func storeOnDisk(_ files: Files, key: Key) throws {
        guard let dir = directory(for: key), let parent = cacheDirectory else { return }
        let fm = FileManager.default
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(dir.lastPathComponent).\(UUID().uuidString)", isDirectory: true)
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            for name in Files.names {
                try Data(files.contents[name] ?? []).write(to: staging.appendingPathComponent(name), options: .atomic)
            }
            if fm.fileExists(atPath: dir.path) { _ = try fm.replaceItemAt(dir, withItemAt: staging) } else {
                try fm.moveItem(at: staging, to: dir)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }
}
