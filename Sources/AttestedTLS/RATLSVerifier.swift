import Attestation
import Foundation
import NIOCore
import NIOSSL
import Synchronization

/// Verifies an RA-TLS peer certificate: the quote (DCAP, collateral, TCB), its binding to the
/// certificate's key (REPORTDATA = SHA-512("ratls-cert:" ‖ SPKI DER)), the event log and the policy.
///
/// The TLS handshake itself proves the peer holds the certificate's private key; this proves the
/// key was generated inside the attested workload. Together: the other end is that workload.
public struct RATLSVerifier: Sendable {
    public var policy: RATLSPolicy
    /// When set, the peer's SPKI must hash to this (a node verified earlier, reconnected to).
    public var pinnedSPKISHA256: [UInt8]?

    public init(policy: RATLSPolicy, pinnedSPKISHA256: [UInt8]? = nil) {
        self.policy = policy
        self.pinnedSPKISHA256 = pinnedSPKISHA256
    }

    /// Verifies with generated collateral for simulated quotes and `policy.collateral` for real ones.
    public func verify(certificateDER der: [UInt8], at time: Date = Date()) async throws(RATLSError) -> AttestedPeer {
        let cert = try RATLSCertificate(parsing: der)
        var collateral: PreparedCollateral?
        if let source = policy.collateral {
            let quote: TDXQuote
            do { quote = try TDXQuote(parsing: cert.quote) } catch { throw .malformedQuote("\(error)") }
            if !(policy.allowSimulated && SimulatedCollateralSource.isSimulated(quote)) {
                do { collateral = try await source.collateral(for: quote, at: time) } catch {
                    throw .notTrusted("collateral for the peer's quote is unavailable: \(error)")
                }
            }
        }
        return try verify(cert, collateral: collateral, at: time)
    }

    /// Synchronous form with collateral already at hand (nil: generated for simulated quotes only).
    public func verify(_ cert: RATLSCertificate, collateral: PreparedCollateral?, at time: Date = Date()) throws(RATLSError) -> AttestedPeer {
        if let pin = pinnedSPKISHA256, pin != cert.spkiSHA256 {
            throw .keyNotPinned(expected: Hex.encode(pin), found: Hex.encode(cert.spkiSHA256))
        }
        let policySet = policy.policySet(reportData: RATLSReportData.certificate(spkiDER: cert.spkiDER), hasEventLog: cert.eventLog != nil)
        let verifier = AttestationVerifier(allowSimulated: policy.allowSimulated, policy: policySet)
        let verdict: AttestationVerdict
        do { verdict = try verifier.verify(quote: cert.quote, collateral: collateral, eventLog: cert.eventLog, at: time) } catch {
            throw .malformedQuote(error.description)
        }
        guard verdict.isTrusted else {
            if verdict.isSimulated || (!policy.allowSimulated && (try? TDXQuote(parsing: cert.quote)).map(SimulatedCollateralSource.isSimulated) == true) {
                if !policy.allowSimulated {
                    throw .notTrusted("the peer is a SIMULATED TEE (its quote chains to the DCML simulation root): not confidential, and simulation is not allowed")
                }
            }
            if let f = verdict.failures.first(where: { $0.policy == "report-data" }) {
                throw .notTrusted("the quote does not bind the certificate's key (\(f.reason)): the certificate was not issued by the attested TEE")
            }
            throw .notTrusted(verdict.summary)
        }
        let compose = policy.composeHash != nil || cert.eventLog != nil ? cert.eventLog?.composeHash : nil
        return AttestedPeer(certificate: cert, verdict: verdict, composeHash: compose)
    }

    /// A swift-nio-ssl custom verification callback running this verifier on the peer's leaf
    /// certificate; `onVerified` receives the outcome (for error messages and the peer's identity).
    /// Runs before any application byte is exchanged: a refused peer never sees a request.
    public func nioCallback(onVerified: @escaping @Sendable (Result<AttestedPeer, RATLSError>) -> Void = { _ in })
        -> @Sendable ([NIOSSLCertificate], EventLoopPromise<NIOSSLVerificationResult>) -> Void {
        let verifier = self
        return { certificates, promise in
            guard let leaf = certificates.first else {
                onVerified(.failure(.noCertificate))
                promise.succeed(.failed)
                return
            }
            let der: [UInt8]
            do { der = try leaf.toDERBytes() } catch {
                onVerified(.failure(.malformedCertificate("\(error)")))
                promise.succeed(.failed)
                return
            }
            if verifier.policy.collateral == nil {
                do throws(RATLSError) {
                    let cert = try RATLSCertificate(parsing: der)
                    let peer = try verifier.verify(cert, collateral: nil)
                    onVerified(.success(peer))
                    promise.succeed(.certificateVerified)
                } catch {
                    onVerified(.failure(error))
                    promise.succeed(.failed)
                }
                return
            }
            Task {
                do throws(RATLSError) {
                    let peer = try await verifier.verify(certificateDER: der)
                    onVerified(.success(peer))
                    promise.succeed(.certificateVerified)
                } catch {
                    onVerified(.failure(error))
                    promise.succeed(.failed)
                }
            }
        }
    }
}

/// Holds the outcome of one handshake's verification, so a refused connection reports why.
final class VerificationOutcome: Sendable {
    private let value = Mutex<Result<AttestedPeer, RATLSError>?>(nil)
    func set(_ r: Result<AttestedPeer, RATLSError>) { value.withLock { $0 = r } }
    var result: Result<AttestedPeer, RATLSError>? { value.withLock { $0 } }
}
