import Attestation
import Crypto
import Foundation
import NIOSSL

/// A TEE's TLS identity: a P-256 key generated in memory at start and an RA-TLS certificate whose
/// quote binds that key. The key never leaves the process (not written, not logged); it is freed
/// with the identity, and BoringSSL wipes key material when it frees it.
public struct RATLSIdentity: Sendable {
    public let certificate: RATLSCertificate
    let privateKey: P256.Signing.PrivateKey

    /// Generates the key, asks `provider` for a quote over ``RATLSReportData/certificate(spkiDER:)``
    /// and embeds it with the provider's event log.
    public static func generate(provider: any QuoteProvider, commonName: String = "dcml-node") async throws(RATLSError) -> RATLSIdentity {
        let key = P256.Signing.PrivateKey()
        let spki = Array(key.publicKey.derRepresentation)
        do {
            let quote = try await provider.quote(reportData: RATLSReportData.certificate(spkiDER: spki))
            let log = try await provider.eventLog()
            let cert = try RATLSCertificate.issue(key: key, quote: quote, eventLog: log, commonName: commonName)
            guard cert.spkiDER == spki else { throw RATLSError.identity("the certificate's SPKI differs from the key's DER form") }
            return RATLSIdentity(certificate: cert, privateKey: key)
        } catch let e as RATLSError { throw e } catch {
            throw .identity("\(provider.name) quote provider: \(error)")
        }
    }

    /// Test hook: an identity over an arbitrary certificate (e.g. one whose quote binds another key).
    public static func _unchecked(certificate: RATLSCertificate, privateKey: P256.Signing.PrivateKey) -> RATLSIdentity {
        RATLSIdentity(certificate: certificate, privateKey: privateKey)
    }

    public var spkiSHA256: [UInt8] { certificate.spkiSHA256 }

    func nioCertificate() throws -> NIOSSLCertificate { try NIOSSLCertificate(bytes: certificate.derBytes, format: .der) }
    func nioPrivateKey() throws -> NIOSSLPrivateKey {
        var pem = Array(privateKey.pemRepresentation.utf8)
        defer { for i in pem.indices { pem[i] = 0 } }
        return try NIOSSLPrivateKey(bytes: pem, format: .pem)
    }

    /// Server side, clients not asked for certificates (ordinary users, OpenAI clients).
    public func serverTLSConfiguration() throws -> TLSConfiguration {
        TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(try nioCertificate())], privateKey: .privateKey(try nioPrivateKey()))
    }

    /// ``serverTLSConfiguration()``, checked by building a TLS context from it once.
    public func validatedServerTLSConfiguration() throws -> TLSConfiguration {
        let c = try serverTLSConfiguration()
        _ = try NIOSSLContext(configuration: c)
        return c
    }

    /// Server side of mutual RA-TLS: a client certificate is required and must pass the custom
    /// verification callback (``RATLSVerifier/nioCallback(onVerified:)``) that goes with it.
    public func mutualServerTLSConfiguration() throws -> TLSConfiguration {
        var c = try serverTLSConfiguration()
        c.certificateVerification = .noHostnameVerification
        return c
    }

    /// Client side presenting this identity (mutual RA-TLS); the server's certificate is checked by
    /// the custom callback, so BoringSSL's own chain validation is replaced, never relied on.
    public func clientTLSConfiguration() throws -> TLSConfiguration {
        var c = RATLSIdentity.anonymousClientTLSConfiguration()
        c.certificateChain = [.certificate(try nioCertificate())]
        c.privateKey = .privateKey(try nioPrivateKey())
        return c
    }

    /// Client side without a certificate of its own (users).
    public static func anonymousClientTLSConfiguration() -> TLSConfiguration {
        var c = TLSConfiguration.makeClientConfiguration()
        // Hostnames mean nothing for an attested node: the quote, not a CA, names it. The custom
        // callback replaces BoringSSL's verification; `.none` would skip the callback entirely.
        c.certificateVerification = .noHostnameVerification
        // No CA is consulted, so the system trust store is not loaded: parsing its ~150 PEM
        // certificates cost about 10 ms per connection, most of an RA-TLS handshake.
        c.trustRoots = .certificates([])
        return c
    }
}
