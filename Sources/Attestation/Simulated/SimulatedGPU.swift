import Crypto
import Foundation
import SwiftASN1
import X509

/// A simulated H100: SPDM GET_MEASUREMENTS evidence in NVIDIA's exact format, signed by a device
/// key whose chain ends in DCML's INSECURE simulation GPU root (key derived from the committed
/// simulation root key). Trusted only when the GPU verifier allows simulation.
public struct SimulatedGPU: Sendable {
    public static let shared = SimulatedGPU()
    public static var rootAnchor: TrustAnchor { TrustAnchor(certificate: shared.rootCertificate, kind: .simulation) }

    public let rootCertificate: Certificate
    public let deviceCertificate: Certificate
    let deviceKey: P384.Signing.PrivateKey
    public let fwid: [UInt8]

    static func p384(_ label: String) -> P384.Signing.PrivateKey {
        let root = Hex.decode(SimulationAuthority.insecureSimulationRootPrivateKeyHex)!
        var counter: UInt8 = 0
        while true {
            var h = SHA384()
            h.update(data: Array("DCML INSECURE SIMULATION GPU key \(label)".utf8) + root + [counter])
            if let k = try? P384.Signing.PrivateKey(rawRepresentation: Array(h.finalize())) { return k }
            counter += 1
        }
    }

    public init() {
        let rootKey = Self.p384("root"), devKey = Self.p384("device")
        deviceKey = devKey
        let fwid = Array(SHA384.hash(data: Array("DCML simulated GPU firmware".utf8)))
        self.fwid = fwid
        let rootName = try! DistinguishedName { OrganizationName("DCML INSECURE SIMULATION"); CommonName("DCML INSECURE SIMULATION GPU Device Identity CA") }
        let devName = try! DistinguishedName { OrganizationName("DCML INSECURE SIMULATION"); CommonName("DCML INSECURE SIMULATION GH100 device") }
        rootCertificate = try! Certificate(
            version: .v3, serialNumber: .init(bytes: [0x05, 0xdc]), publicKey: .init(rootKey.publicKey),
            notValidBefore: SimulationAuthority.notBefore, notValidAfter: SimulationAuthority.notAfter, issuer: rootName, subject: rootName,
            signatureAlgorithm: .ecdsaWithSHA384,
            extensions: try! Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            }, issuerPrivateKey: .init(rootKey))
        // TCG DICE TcbInfo-style extension whose last 48 bytes are the FWID (as on real Hopper certs).
        var s = DER.Serializer()
        try! s.appendConstructedNode(identifier: .sequence) { s in
            try s.serialize(ASN1OctetString(contentBytes: ArraySlice(fwid)))
        }
        let ext = s.serializedBytes
        deviceCertificate = try! Certificate(
            version: .v3, serialNumber: .init(bytes: [0x06, 0xdc]), publicKey: .init(devKey.publicKey),
            notValidBefore: SimulationAuthority.notBefore, notValidAfter: SimulationAuthority.notAfter, issuer: rootName, subject: devName,
            signatureAlgorithm: .ecdsaWithSHA384,
            extensions: try! Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Certificate.Extension(oid: GPUEvidenceVerifier.fwidOID, critical: false, value: ArraySlice(ext))
            }, issuerPrivateKey: .init(rootKey))
    }

    public var chainPEM: String { SimulationAuthority.pem([deviceCertificate, rootCertificate]) }

    /// Evidence for `nonce` with measurements derived from `measurementSeed` (e.g. the driver build).
    public func evidence(nonce: [UInt8], measurementSeed: [UInt8] = Array("DCML simulated GPU".utf8)) -> [UInt8] {
        let blocks = (1 ... 8).map { i in
            SPDMMeasurementBlock(index: UInt8(i), value: Array(SHA384.hash(data: measurementSeed + [UInt8(i)])))
        }
        var unsigned = GPUEvidence.unsignedBytes(
            nonce: nonce, blocks: blocks, responderNonce: Array(SHA256.hash(data: nonce)),
            opaque: [(3, Array("550.90.07\0".utf8)), (20, fwid)])
        unsigned += Array(try! deviceKey.signature(for: unsigned).rawRepresentation)
        return unsigned
    }
}
