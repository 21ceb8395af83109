import Crypto
import Foundation
import SwiftASN1
import X509

/// Verifies H100 evidence: the device certificate chain to the NVIDIA Device Identity CA, the FWID
/// in the signing certificate (TCG DICE extension 2.23.133.5.4.1) against the report's opaque FWID,
/// the ECDSA P-384 signature over SHA-384 of request ‖ response-before-signature, and the nonce.
///
/// Measurement values are returned for comparison against NVIDIA's RIMs by policy; RIM fetching
/// (online) is out of scope here.
public struct GPUEvidenceVerifier: Sendable {
    public static let fwidOID: ASN1ObjectIdentifier = [2, 23, 133, 5, 4, 1]

    public var trustedRoots: [TrustAnchor]
    public var allowSimulation: Bool

    public init(trustedRoots: [TrustAnchor] = [.nvidiaDeviceIdentityRoot], allowSimulation: Bool = false) {
        self.trustedRoots = trustedRoots
        self.allowSimulation = allowSimulation
    }

    public struct Result: Sendable {
        public let evidence: GPUEvidence
        public let trustAnchor: TrustAnchor.Kind
        public var isSimulated: Bool { trustAnchor == .simulation }
        public var fwid: [UInt8] { evidence.fwid ?? [] }
        public var summary: String {
            (isSimulated ? "SIMULATED GPU (not confidential): " : "") +
                "GPU evidence verified: \(evidence.measurementBlocks.count) measurements, FWID \(Hex.encode(fwid)), driver \(evidence.driverVersion ?? "?")"
        }
    }

    /// The FWID in a certificate: the last 48 bytes of extension 2.23.133.5.4.1 (a SHA-384 digest).
    public static func fwid(of cert: Certificate) -> [UInt8]? {
        guard let ext = cert.extensions[oid: fwidOID], ext.value.count >= 48 else { return nil }
        return Array(ext.value.suffix(48))
    }

    /// Checks the chain alone (leaf first), as the trustee verifier does before reading the report.
    public func verifyChain(_ chain: [Certificate], at time: Date = Date()) throws(GPUEvidenceError) -> (TrustAnchor, [UInt8]) {
        guard chain.count >= 2 else { throw .chainTooShort(count: chain.count) }
        let anchor: TrustAnchor
        do {
            anchor = try ChainValidator(anchors: trustedRoots + [SimulatedGPU.rootAnchor], allowSimulation: allowSimulation)
                .validate(chain, name: "GPU device chain", at: time)
        } catch { throw .chain(error) }
        guard let fwid = Self.fwid(of: chain[0]) else { throw .fwidMissing }
        return (anchor, fwid)
    }

    public func verifyChain(pem: String, at time: Date = Date()) throws(GPUEvidenceError) -> (TrustAnchor, [UInt8]) {
        let certs: [Certificate]
        do { certs = try PEMChain.parse(pem, field: "GPU certificate chain") } catch { throw .chain(error) }
        return try verifyChain(certs, at: time)
    }

    public func verify(report: [UInt8], chainPEM: String, expectedNonce: [UInt8]?, at time: Date = Date()) throws(GPUEvidenceError) -> Result {
        let evidence = try GPUEvidence(parsing: report)
        let certs: [Certificate]
        do { certs = try PEMChain.parse(chainPEM, field: "GPU certificate chain") } catch { throw .chain(error) }
        let (anchor, certFWID) = try verifyChain(certs, at: time)
        guard let reportFWID = evidence.fwid else { throw .opaqueFWIDMissing }
        guard reportFWID == certFWID else { throw .fwidMismatch(certificate: Hex.encode(certFWID), report: Hex.encode(reportFWID)) }
        guard let key = P384.Signing.PublicKey(certs[0].publicKey) else { throw .unsupportedKey("expected ECDSA P-384") }
        guard let sig = try? P384.Signing.ECDSASignature(rawRepresentation: evidence.signature),
              key.isValidSignature(sig, for: evidence.signedBytes) else { throw .badSignature }
        if let expectedNonce, expectedNonce != evidence.requestNonce {
            throw .nonceMismatch(expected: Hex.encode(expectedNonce), found: Hex.encode(evidence.requestNonce))
        }
        return Result(evidence: evidence, trustAnchor: anchor.kind)
    }
}
