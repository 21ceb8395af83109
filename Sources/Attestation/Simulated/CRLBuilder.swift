import Crypto
import Foundation
import SwiftASN1
import X509

/// Writes minimal X.509 v2 CRLs (no revoked entries, a CRL number) for the simulation PKI, since
/// swift-certificates has no CRL builder.
enum CRLBuilder {
    static func build(issuer: DistinguishedName, key: P256.Signing.PrivateKey, thisUpdate: Date, nextUpdate: Date, number: Int = 1) throws -> [UInt8] {
        func utc(_ d: Date) throws -> SwiftASN1.UTCTime {
            let s = Timestamp.format(d) // YYYY-MM-DDTHH:MM:SSZ
            let p = s.split(whereSeparator: { "-T:Z".contains($0) }).map { Int($0)! }
            return try SwiftASN1.UTCTime(year: p[0], month: p[1], day: p[2], hours: p[3], minutes: p[4], seconds: p[5])
        }
        let ecdsaSHA256: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 2]
        var tbs = DER.Serializer()
        try tbs.appendConstructedNode(identifier: .sequence) { s in
            try s.serialize(1) // v2
            try s.appendConstructedNode(identifier: .sequence) { s in try s.serialize(ecdsaSHA256) }
            try s.serialize(issuer)
            try s.serialize(try utc(thisUpdate))
            try s.serialize(try utc(nextUpdate))
            try s.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { s in
                try s.appendConstructedNode(identifier: .sequence) { s in
                    try s.appendConstructedNode(identifier: .sequence) { s in
                        try s.serialize(ASN1ObjectIdentifier(elements: [2, 5, 29, 20] as [UInt]))
                        var inner = DER.Serializer()
                        try inner.serialize(number)
                        try s.serialize(ASN1OctetString(contentBytes: ArraySlice(inner.serializedBytes)))
                    }
                }
            }
        }
        let tbsBytes = tbs.serializedBytes
        let sig = try key.signature(for: tbsBytes).derRepresentation
        var out = DER.Serializer()
        try out.appendConstructedNode(identifier: .sequence) { s in
            s.serializeRawBytes(tbsBytes)
            try s.appendConstructedNode(identifier: .sequence) { s in try s.serialize(ecdsaSHA256) }
            try s.serialize(ASN1BitString(bytes: ArraySlice(sig)))
        }
        return out.serializedBytes
    }
}
