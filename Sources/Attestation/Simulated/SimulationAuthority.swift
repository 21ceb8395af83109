import Crypto
import Foundation
import SwiftASN1
import X509

/// DCML's *simulation* PKI: an insecure stand-in for Intel's, so that the simulated TEE produces
/// quotes and collateral in exactly the real formats and the same verifier code checks them.
///
/// INSECURE BY DESIGN. The root private key is committed below; anyone can forge "simulated" quotes.
/// That is fine because a simulated TEE promises nothing: verifiers trust this root only when the
/// caller allows simulation explicitly, and every such result is labelled SIMULATED.
///
/// All keys derive from the root key, so every process (node and verifier alike) recreates the same
/// keys and subjects; certificates are re-signed per process, and anchors are matched by subject and
/// key, so that is invisible to verification.
public struct SimulationAuthority: Sendable {
    /// INSECURE, PUBLIC, FOR SIMULATION ONLY: the P-256 private key of the DCML simulation root CA.
    public static let insecureSimulationRootPrivateKeyHex = "5ac1a7e0dc3a1e5e0000d0c0ffee5eed51a71a7e0dc3a1e5e1115ec0e0000001"

    public static let shared = SimulationAuthority()
    public static var rootAnchor: TrustAnchor { TrustAnchor(certificate: shared.rootCertificate, kind: .simulation) }

    /// FMSPC / PCE-ID of the simulated platform (not a real Intel FMSPC).
    public static let fmspc: [UInt8] = [0xdc, 0x31, 0x00, 0x00, 0x00, 0x00]
    public static let pceID: [UInt8] = [0x00, 0x00]
    /// SGX TCB components, PCESVN and TEE_TCB_SVN the simulated platform reports (an up-to-date level).
    public static let sgxComponents: [UInt8] = [3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0]
    public static let pceSVN: UInt16 = 11
    public static let teeTCBSVN: [UInt8] = [6, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    /// The simulated Quoting Enclave's identity.
    public static let qeMRSigner: [UInt8] = Array(SHA256.hash(data: Array("DCML INSECURE SIMULATION Quoting Enclave signer".utf8)))
    public static let qeMREnclave: [UInt8] = Array(SHA256.hash(data: Array("DCML INSECURE SIMULATION Quoting Enclave".utf8)))
    public static let qeISVProdID: UInt16 = 2
    public static let qeISVSVN: UInt16 = 4

    public let rootKey: P256.Signing.PrivateKey
    public let pckPlatformCAKey: P256.Signing.PrivateKey
    public let pckKey: P256.Signing.PrivateKey
    public let tcbSigningKey: P256.Signing.PrivateKey
    public let rootCertificate: Certificate
    public let pckPlatformCACertificate: Certificate
    public let pckCertificate: Certificate
    public let tcbSigningCertificate: Certificate

    static let notBefore = Date(timeIntervalSince1970: Double(Timestamp.unixSeconds(year: 2024, month: 1, day: 1)))
    static let notAfter = Date(timeIntervalSince1970: Double(Timestamp.unixSeconds(year: 2049, month: 12, day: 31, hour: 23, minute: 59, second: 59)))

    static func derivedKey(_ label: String, from root: P256.Signing.PrivateKey) -> P256.Signing.PrivateKey {
        var counter: UInt8 = 0
        while true {
            var h = SHA256()
            h.update(data: Array("DCML INSECURE SIMULATION key \(label)".utf8))
            h.update(data: root.rawRepresentation)
            h.update(data: [counter])
            if let k = try? P256.Signing.PrivateKey(rawRepresentation: Array(h.finalize())) { return k }
            counter += 1
        }
    }

    static func name(_ cn: String) -> DistinguishedName {
        try! DistinguishedName {
            CountryName("ZZ")
            OrganizationName("DCML INSECURE SIMULATION")
            CommonName(cn)
        }
    }

    static let rootName = name("DCML INSECURE SIMULATION Root CA")
    static let platformCAName = name("DCML INSECURE SIMULATION PCK Platform CA")

    public init() {
        let root = try! P256.Signing.PrivateKey(rawRepresentation: Hex.decode(Self.insecureSimulationRootPrivateKeyHex)!)
        rootKey = root
        pckPlatformCAKey = Self.derivedKey("pck-platform-ca", from: root)
        pckKey = Self.derivedKey("pck", from: root)
        tcbSigningKey = Self.derivedKey("tcb-signing", from: root)
        let rootPriv = Certificate.PrivateKey(root)
        rootCertificate = try! Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(bytes: [0x01, 0xdc]), publicKey: .init(root.publicKey),
            notValidBefore: Self.notBefore, notValidAfter: Self.notAfter, issuer: Self.rootName, subject: Self.rootName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try! Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 1))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: rootPriv)
        pckPlatformCACertificate = try! Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(bytes: [0x02, 0xdc]), publicKey: .init(pckPlatformCAKey.publicKey),
            notValidBefore: Self.notBefore, notValidAfter: Self.notAfter, issuer: Self.rootName, subject: Self.platformCAName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try! Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: rootPriv)
        let ext = PCKExtension(ppid: Array(SHA256.hash(data: Array("DCML simulated PPID".utf8)).prefix(16)), tcbComponents: Self.sgxComponents,
                               pceSVN: Self.pceSVN, cpuSVN: Self.sgxComponents, pceID: Self.pceID, fmspc: Self.fmspc, sgxType: 0)
        let extValue = try! ext.extensionValue()
        pckCertificate = try! Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(bytes: [0x03, 0xdc]), publicKey: .init(pckKey.publicKey),
            notValidBefore: Self.notBefore, notValidAfter: Self.notAfter, issuer: Self.platformCAName,
            subject: Self.name("DCML INSECURE SIMULATION PCK Certificate"), signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try! Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, nonRepudiation: true))
                Certificate.Extension(oid: PCKExtension.oid, critical: false, value: ArraySlice(extValue))
            },
            issuerPrivateKey: Certificate.PrivateKey(pckPlatformCAKey))
        tcbSigningCertificate = try! Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(bytes: [0x04, 0xdc]), publicKey: .init(tcbSigningKey.publicKey),
            notValidBefore: Self.notBefore, notValidAfter: Self.notAfter, issuer: Self.rootName,
            subject: Self.name("DCML INSECURE SIMULATION TCB Signing"), signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try! Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, nonRepudiation: true))
            },
            issuerPrivateKey: rootPriv)
    }

    static func pem(_ certs: [Certificate]) -> String {
        certs.map { try! $0.serializeAsPEM().pemString }.joined(separator: "\n") + "\n"
    }

    public var rootCertificatePEM: String { Self.pem([rootCertificate]) }
    public var rootCertificateDER: [UInt8] { try! rootCertificate.serializeAsPEM().derBytes }
    /// The PCK chain a simulated quote carries (leaf, platform CA, root), as concatenated PEM.
    public var pckChainPEM: String { Self.pem([pckCertificate, pckPlatformCACertificate, rootCertificate]) }
}
