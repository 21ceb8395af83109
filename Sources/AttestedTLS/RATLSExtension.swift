import SwiftASN1

/// The X.509 extensions of an RA-TLS certificate, with dstack's OIDs so its tools read ours:
/// `1.3.6.1.4.1.62397.1.1` carries the TDX quote, `.2` the event log (dstack's JSON). Each value
/// is a DER OCTET STRING wrapping the raw bytes, as dstack's `ra-tls` crate writes them.
public enum RATLSExtension {
    public static let quoteOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 62397, 1, 1]
    public static let eventLogOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 62397, 1, 2]

    /// DER OCTET STRING around `bytes`.
    static func wrap(_ bytes: [UInt8]) throws -> [UInt8] {
        var s = DER.Serializer()
        try s.serialize(ASN1OctetString(contentBytes: ArraySlice(bytes)))
        return s.serializedBytes
    }

    /// The bytes inside a DER OCTET STRING.
    static func unwrap(_ der: ArraySlice<UInt8>) throws -> [UInt8] {
        Array(try ASN1OctetString(derEncoded: der).bytes)
    }
}
