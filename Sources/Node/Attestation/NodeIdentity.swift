import Attestation
import AttestedTLS
import Crypto
import Foundation
import HummingbirdTLS
import NIOSSL

/// Who the node is, established once at start inside the TEE: the workload's compose hash (extended
/// into RTMR3 in the simulated TEE; measured by the CVM on real hardware), an RA-TLS identity whose
/// key the quote binds, and an Ed25519 key that signs every response. Both private keys are generated
/// in memory and are never written or logged.
public struct NodeIdentity: Sendable {
    public let provider: any QuoteProvider
    public let appCompose: [UInt8]
    public let composeHash: [UInt8]
    public let tls: RATLSIdentity
    /// The HTTPS configuration over ``tls`` (validated: a TLS context was built from it). Client
    /// certificates are asked for but optional: users present none, a node delivering a model key
    /// presents its RA-TLS certificate (mutual RA-TLS), which set_sk verifies (``KeyCaller``).
    public let serverTLS: TLSConfiguration
    /// The TD report of this node's own certificate quote: the measurements a peer must share.
    public let tdReport: TDReport
    let signingKey: Curve25519.Signing.PrivateKey

    public var tee: TEEKind { provider.tee }
    public var signingPublicKey: [UInt8] { Array(signingKey.publicKey.rawRepresentation) }

    /// Measures `compose` and creates the keys. In the simulated TEE the compose hash is extended into
    /// RTMR3 here; on real hardware the CVM measured the workload before it started, and the node
    /// only reads the event log.
    public static func establish(compose: AppCompose, provider: any QuoteProvider) async throws -> NodeIdentity {
        let bytes = compose.bytes
        let hash = ComposeHash.of(appCompose: bytes)
        if provider.tee == .simulated {
            let log = try await provider.eventLog()
            if log.composeHash == nil {
                try await provider.extendRTMR3(event: ComposeHash.eventName, payload: hash)
            } else if log.composeHash != hash {
                throw NodeIdentityError.composeAlreadyMeasured(Hex.encode(log.composeHash ?? []))
            }
        }
        let tls = try await RATLSIdentity.generate(provider: provider)
        var serverTLS = try tls.serverTLSConfiguration()
        serverTLS.certificateVerification = .optionalVerification
        _ = try NIOSSLContext(configuration: serverTLS)
        return NodeIdentity(provider: provider, appCompose: bytes, composeHash: hash, tls: tls, serverTLS: serverTLS,
                            tdReport: try TDXQuote(parsing: tls.certificate.quote).report, signingKey: Curve25519.Signing.PrivateKey())
    }

    /// The attestation report for `nonce` (DESIGN.md, Wire decisions).
    func report(nonce: [UInt8], modelHash: String) async throws -> AttestationReport {
        let spkiHash = tls.spkiSHA256
        let reportData = RATLSReportData.report(signingPublicKey: signingPublicKey, tlsSPKISHA256: spkiHash, nonce: nonce)
        let quote = try await provider.quote(reportData: reportData)
        let log = try await provider.eventLog()
        var gpu: AttestationReport.GPU?
        if tee == .simulated {
            gpu = .init(arch: "HOPPER", evidence: Hex.encode(SimulatedGPU.shared.evidence(nonce: nonce)),
                        certificateChain: SimulatedGPU.shared.chainPEM, nonce: Hex.encode(nonce), simulated: true)
        }
        return AttestationReport(
            tee: tee.rawValue, nonce: Hex.encode(nonce), quote: Hex.encode(quote), eventLog: log.jsonString(),
            reportData: Hex.encode(reportData), signingAlgo: "ed25519", signingPublicKey: Hex.encode(signingPublicKey),
            tlsSPKISHA256: Hex.encode(spkiHash), composeHash: Hex.encode(composeHash),
            appCompose: String(decoding: appCompose, as: UTF8.self), modelHash: modelHash, gpuEvidence: gpu)
    }
}

public enum NodeIdentityError: Error, CustomStringConvertible {
    case composeAlreadyMeasured(String)

    public var description: String {
        switch self {
        case .composeAlreadyMeasured(let h):
            "RTMR3 already holds compose hash \(h): this simulated TEE was measured for another workload; start a fresh quote provider"
        }
    }
}
