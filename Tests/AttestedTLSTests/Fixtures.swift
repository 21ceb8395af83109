import Attestation
import AttestedTLS
import Crypto
import Foundation
import SwiftASN1
import X509

/// Simulated TEEs with fixed measurements (hashing the test binary per TEE would be slow).
enum Fixtures {
    static let measurements = SimulatedMeasurements(binaryDigest: Array(SHA256.hash(data: Array("attested-tls-tests".utf8))))

    static func composeHash(_ label: String) -> [UInt8] { ComposeHash.of(appCompose: Array("{\"name\":\"\(label)\"}".utf8)) }

    /// A simulated TEE whose RTMR3 logs the compose hash of `label`.
    static func provider(_ label: String = "node", attributes: TDAttributes = .septVEDisable) -> SimulatedQuoteProvider {
        let p = SimulatedQuoteProvider(simulator: SimulatedTEE(measurements: measurements, tdAttributes: attributes))
        p.extendRTMR3Sync(event: ComposeHash.eventName, payload: composeHash(label))
        return p
    }

    static func identity(_ label: String = "node", attributes: TDAttributes = .septVEDisable) async throws -> RATLSIdentity {
        try await RATLSIdentity.generate(provider: provider(label, attributes: attributes))
    }

    /// An ordinary self-signed certificate and key, as a man in the middle would present.
    static func plainSelfSigned() throws -> (certificateDER: [UInt8], keyPEM: String) {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("localhost") }
        let cert = try Certificate(version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
                                   notValidBefore: Date().addingTimeInterval(-60), notValidAfter: Date().addingTimeInterval(3600),
                                   issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
                                   extensions: Certificate.Extensions {}, issuerPrivateKey: .init(key))
        var s = DER.Serializer()
        try s.serialize(cert)
        return (s.serializedBytes, key.pemRepresentation)
    }

    static func policy(_ label: String? = "node", allowSimulated: Bool = true) -> RATLSPolicy {
        RATLSPolicy(allowSimulated: allowSimulated, composeHash: label.map(composeHash))
    }
}
