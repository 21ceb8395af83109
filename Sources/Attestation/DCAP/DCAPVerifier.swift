import Crypto
import Foundation
import X509

/// Verifies TDX quotes the way Intel's DCAP Quote Verification Library does, at an explicit time.
///
/// With collateral: root CA CRL and PCK CRL, TCB info and QE identity (issuer chains, signatures,
/// windows, ids), the PCK chain to a trusted root with revocation, the QE report signature and its
/// binding of the attestation key, the QE identity, the quote signature, the platform TCB level, the
/// TDX module identity, the merged TCB status, and the TD attributes (no debug, SEPT_VE_DISABLE set,
/// no reserved bits, no service TD). Without collateral only the signatures and the PCK chain (no
/// revocation) are checked and the TCB status stays unknown.
///
/// The DCML simulation root is always recognised but trusted only when `allowSimulation` is true, so
/// a simulated quote fails with a message that says so rather than "untrusted root".
public struct DCAPVerifier: Sendable {
    public var trustedRoots: [TrustAnchor]
    public var allowSimulation: Bool
    public var allowDebugTD: Bool
    public var allowServiceTD: Bool
    public var cache: SignatureCache

    public init(trustedRoots: [TrustAnchor] = [.intelSGXRoot], allowSimulation: Bool = false, allowDebugTD: Bool = false,
                allowServiceTD: Bool = false, cache: SignatureCache = SignatureCache()) {
        self.trustedRoots = trustedRoots
        self.allowSimulation = allowSimulation
        self.allowDebugTD = allowDebugTD
        self.allowServiceTD = allowServiceTD
        self.cache = cache
    }

    private var validator: ChainValidator {
        ChainValidator(anchors: trustedRoots + [SimulationAuthority.rootAnchor], allowSimulation: allowSimulation, cache: cache)
    }

    /// Parses and verifies raw quote bytes. Throws only when the bytes are not a quote at all.
    public func verify(quote bytes: [UInt8], collateral: PreparedCollateral?, at time: Date) throws(QuoteParseError) -> QuoteVerificationResult {
        verify(try TDXQuote(parsing: bytes), collateral: collateral, at: time)
    }

    public func verify(_ quote: TDXQuote, collateral: PreparedCollateral?, at time: Date) -> QuoteVerificationResult {
        var run = Run(quote: quote, time: time, usedCollateral: collateral != nil)
        do throws(DCAPVerificationError) {
            try steps(&run, collateral)
        } catch {
            run.failure = error
        }
        return QuoteVerificationResult(quote: quote, verifiedAt: time, passedChecks: run.passed, failure: run.failure,
                                       trustAnchor: run.anchor, usedCollateral: run.usedCollateral, pckExtension: run.pck,
                                       platformTCB: run.platform, tdxModuleTCB: run.module, qeTCB: run.qe, tcb: run.tcb)
    }

    private struct Run {
        let quote: TDXQuote
        let time: Date
        let usedCollateral: Bool
        var passed: [DCAPCheck] = []
        var failure: DCAPVerificationError?
        var anchor: TrustAnchor.Kind?
        var pck: PCKExtension?
        var platform: TCBStatusWithAdvisories?
        var module: TCBStatusWithAdvisories?
        var qe: TCBStatusWithAdvisories?
        var tcb: TCBStatusWithAdvisories?
    }

    private func steps(_ run: inout Run, _ collateral: PreparedCollateral?) throws(DCAPVerificationError) {
        let quote = run.quote, time = run.time, v = validator
        guard quote.header.qeVendorID == QuoteHeader.intelQEVendorID else {
            throw .unsupportedQuote("QE vendor ID \(Hex.encode(quote.header.qeVendorID)), expected Intel's \(Hex.encode(QuoteHeader.intelQEVendorID))")
        }
        run.passed.append(.quoteHeader)

        var crls: [CertificateRevocationList]?
        if let c = collateral {
            // Root CA CRL: signed by a trusted root, current, and not revoking the root itself.
            do throws(ChainValidationError) {
                guard let root = (trustedRoots + [SimulationAuthority.rootAnchor]).first(where: { $0.certificate.subject == c.rootCACRL.issuer }) else {
                    throw ChainValidationError.untrustedRoot(chain: "root CA CRL", topIssuer: c.rootCACRL.issuer.description)
                }
                if root.kind == .simulation && !allowSimulation { throw ChainValidationError.simulationRootNotAllowed(chain: "root CA CRL") }
                guard cache.isValid(c.rootCACRL, signedBy: root.certificate) else { throw ChainValidationError.crlBadSignature(crlIssuer: c.rootCACRL.issuer.description) }
                guard c.rootCACRL.thisUpdate <= time, c.rootCACRL.nextUpdate.map({ time <= $0 }) ?? true else {
                    throw ChainValidationError.crlOutOfWindow(crlIssuer: c.rootCACRL.issuer.description, thisUpdate: c.rootCACRL.thisUpdate, nextUpdate: c.rootCACRL.nextUpdate, at: time)
                }
                if c.rootCACRL.revokes(root.certificate) {
                    throw ChainValidationError.revoked(chain: "root CA", subject: root.certificate.subject.description, serial: Hex.encode(root.certificate.serialNumber.bytes))
                }
            } catch { throw .chain(.rootCACRL, error) }
            run.passed.append(.rootCACRL)
            // PCK CRL: its issuer chain must validate (against the root CRL) and it must be signed by that issuer.
            do throws(ChainValidationError) {
                _ = try v.validate(c.pckCRLIssuerChain, name: "PCK CRL issuer chain", at: time, crls: [c.rootCACRL])
                let issuer = c.pckCRLIssuerChain[0]
                guard issuer.subject == c.pckCRL.issuer else {
                    throw ChainValidationError.issuerMismatch(chain: "PCK CRL", subject: "PCK CRL", expectedIssuer: c.pckCRL.issuer.description, found: issuer.subject.description)
                }
                guard cache.isValid(c.pckCRL, signedBy: issuer) else { throw ChainValidationError.crlBadSignature(crlIssuer: c.pckCRL.issuer.description) }
                guard c.pckCRL.thisUpdate <= time, c.pckCRL.nextUpdate.map({ time <= $0 }) ?? true else {
                    throw ChainValidationError.crlOutOfWindow(crlIssuer: c.pckCRL.issuer.description, thisUpdate: c.pckCRL.thisUpdate, nextUpdate: c.pckCRL.nextUpdate, at: time)
                }
            } catch { throw .chain(.pckCRL, error) }
            run.passed.append(.pckCRL)
            crls = [c.rootCACRL, c.pckCRL]

            // TCB info: window, signing chain, signature over the exact JSON text.
            guard c.tcbInfoIssueDate <= time, time <= c.tcbInfoNextUpdate else {
                throw .collateralWindow(item: "TCB info", issueDate: c.tcbInfoIssueDate, nextUpdate: c.tcbInfoNextUpdate, at: time)
            }
            do { _ = try v.validate(c.tcbSigningChain, name: "TCB info signing chain", at: time, crls: crls) } catch { throw .chain(.tcbInfo, error) }
            guard c.cache.isValidRaw(c.raw.tcbInfoSignature, message: Array(c.raw.tcbInfo.utf8), signer: c.tcbSigningChain[0]) else {
                throw .collateralSignature(item: "TCB info")
            }
            run.passed.append(.tcbInfo)

            guard c.qeIdentityIssueDate <= time, time <= c.qeIdentityNextUpdate else {
                throw .collateralWindow(item: "QE identity", issueDate: c.qeIdentityIssueDate, nextUpdate: c.qeIdentityNextUpdate, at: time)
            }
            do { _ = try v.validate(c.qeSigningChain, name: "QE identity signing chain", at: time, crls: crls) } catch { throw .chain(.qeIdentity, error) }
            guard c.cache.isValidRaw(c.raw.qeIdentitySignature, message: Array(c.raw.qeIdentity.utf8), signer: c.qeSigningChain[0]) else {
                throw .collateralSignature(item: "QE identity")
            }
            guard c.qeIdentity.id == "TD_QE", [2, 3].contains(c.qeIdentity.version) else {
                throw .collateralIdentity(item: "QE identity id/version", expected: "TD_QE version 2 or 3", found: "\(c.qeIdentity.id) version \(c.qeIdentity.version)")
            }
            run.passed.append(.qeIdentity)
        }

        // PCK chain from the quote (certification data type 5).
        let cd = quote.signatureData.qeReportCertification
        guard let pem = quote.signatureData.pckCertificateChainPEM else { throw .pckChainMissing(certificationDataType: cd.pckCertification.type) }
        let pckChain: [Certificate]
        do throws(ChainValidationError) {
            pckChain = try cache.parsedChain(pem, field: "PCK certificate chain")
            run.anchor = try v.validate(pckChain, name: "PCK chain", at: time, crls: crls).kind
        } catch { throw .chain(.pckChain, error) }
        let pck = try cache.pckExtension(pem, leaf: pckChain[0])
        run.pck = pck
        run.passed.append(.pckChain)

        // QE report signed by the PCK key. A platform's QE report is the same in all its quotes
        // (it binds the attestation key), so the check is memoised like the certificates'.
        guard cache.isValidRaw(cd.qeReportSignature, message: cd.qeReport.bytes, signer: pckChain[0]) else { throw .qeReportSignature }
        run.passed.append(.qeReportSignature)

        // QE report data = SHA-256(attestation key ‖ QE auth data) ‖ 32 zero bytes.
        var h = SHA256()
        h.update(data: quote.signatureData.keyView)
        h.update(data: cd.authDataView)
        let expected = Array(h.finalize()) + [UInt8](repeating: 0, count: 32)
        let found = cd.qeReport.reportData
        guard found == expected else { throw .qeReportData(expected: Hex.encode(expected), found: Hex.encode(found)) }
        run.passed.append(.qeReportData)

        if let c = collateral {
            run.qe = try TCBEvaluator.qe(cd.qeReport, c)
            run.passed.append(.qeIdentityMatch)
        }

        // Quote signed by the attestation key over header ‖ body.
        guard let akey = try? P256.Signing.PublicKey(rawRepresentation: quote.signatureData.attestationKey) else { throw .badAttestationKey }
        guard let qsig = try? P256.Signing.ECDSASignature(rawRepresentation: quote.signatureData.signature),
              akey.isValidSignature(qsig, for: quote.signedRegion) else { throw .quoteSignature }
        run.passed.append(.quoteSignature)

        if let c = collateral {
            let (platform, _) = try TCBEvaluator.platform(c.tcbInfo, fmspc: c.fmspc, pceID: c.pceID, pck: pck, report: quote.report)
            run.platform = platform
            run.passed.append(.platformTCB)
            run.module = try TCBEvaluator.tdxModule(c.tcbInfo, report: quote.report)
            run.passed.append(.tdxModule)
            var merged = platform
            if let m = run.module { merged = merged.merged(with: m) }
            if let q = run.qe { merged = merged.merged(with: q) }
            run.tcb = merged
            guard merged.status != .revoked else { throw .tcbRevoked(advisoryIDs: merged.advisoryIDs) }
            run.passed.append(.tcbStatus)
        }

        let attrs = quote.report.tdAttributes
        guard attrs.reservedBits == 0 else { throw .reservedTDAttributes(bits: attrs.reservedBits) }
        guard !attrs.isDebug || allowDebugTD else { throw .debugTD }
        guard attrs.contains(.septVEDisable) else { throw .septVEDisableNotSet }
        run.passed.append(.tdAttributes)
        if let mr = quote.report.mrServiceTD, !allowServiceTD, mr.contains(where: { $0 != 0 }) {
            throw .mrServiceTDNotZero(Hex.encode(mr))
        }
        run.passed.append(.mrServiceTD)
    }
}
