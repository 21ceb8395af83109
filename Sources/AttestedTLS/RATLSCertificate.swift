import Attestation
import Crypto
import Foundation
import SwiftASN1
import X509

/// An RA-TLS certificate: self-signed over a fresh P-256 key, carrying a quote whose REPORTDATA is
/// ``RATLSReportData/certificate(spkiDER:)`` of that key, and the event log that explains RTMR3.
///
/// It is not a WebPKI certificate and needs none: trust comes from the quote, which a verifier
/// checks during the handshake (``RATLSVerifier``).
public struct RATLSCertificate: Sendable {
    public let certificate: Certificate
    public let derBytes: [UInt8]
    public let spkiDER: [UInt8]
    public let quote: [UInt8]
    public let eventLog: EventLog?

    /// Issues the certificate for `key` with `quote` and `eventLog` embedded.
    public static func issue(key: P256.Signing.PrivateKey, quote: [UInt8], eventLog: EventLog?, commonName: String = "dcml-node",
                             validity: TimeInterval = 365 * 86400, now: Date = Date()) throws -> RATLSCertificate {
        let name = try DistinguishedName { OrganizationName("DCML"); CommonName(commonName) }
        let quoteExt = try RATLSExtension.wrap(quote)
        let logExt = try eventLog.map { try RATLSExtension.wrap(Array($0.jsonString().utf8)) }
        var serial = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in serial.indices { serial[i] = UInt8.random(in: 0...255, using: &rng) }
        serial[0] &= 0x7f
        let cert = try Certificate(
            version: .v3, serialNumber: .init(bytes: ArraySlice(serial)), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(validity),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                KeyUsage(digitalSignature: true)
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
                SubjectAlternativeNames([.dnsName(commonName), .dnsName("localhost")])
                Certificate.Extension(oid: RATLSExtension.quoteOID, critical: false, value: ArraySlice(quoteExt))
                if let logExt { Certificate.Extension(oid: RATLSExtension.eventLogOID, critical: false, value: ArraySlice(logExt)) }
            },
            issuerPrivateKey: .init(key))
        var s = DER.Serializer()
        try s.serialize(cert)
        return try RATLSCertificate(parsing: s.serializedBytes)
    }

    /// Reads a peer's certificate: its SPKI, quote and event log. Throws ``RATLSError/missingQuote``
    /// for an ordinary certificate.
    public init(parsing der: [UInt8]) throws(RATLSError) {
        let cert: Certificate
        do { cert = try Certificate(derEncoded: der) } catch { throw .malformedCertificate("\(error)") }
        var s = DER.Serializer()
        do { try s.serialize(cert.publicKey) } catch { throw .malformedCertificate("public key: \(error)") }
        guard let q = cert.extensions[oid: RATLSExtension.quoteOID] else { throw .missingQuote }
        let quote: [UInt8]
        do { quote = try RATLSExtension.unwrap(q.value) } catch { throw .malformedQuote("extension is not a DER OCTET STRING: \(error)") }
        var log: EventLog?
        if let l = cert.extensions[oid: RATLSExtension.eventLogOID] {
            do {
                let bytes = try RATLSExtension.unwrap(l.value)
                log = try EventLog(json: String(decoding: bytes, as: UTF8.self))
            } catch { throw .malformedEventLog("\(error)") }
        }
        self.certificate = cert
        self.derBytes = der
        self.spkiDER = s.serializedBytes
        self.quote = quote
        self.eventLog = log
    }

    public var spkiSHA256: [UInt8] { RATLSReportData.spkiSHA256(spkiDER) }
}
