import Foundation
import SwiftASN1
import X509

/// A parsed X.509 CRL (RFC 5280 §5): who issued it, when, and which serial numbers it revokes.
///
/// swift-certificates has no CRL type, so this parses `CertificateList` with SwiftASN1 and keeps the
/// raw `tbsCertList` bytes for signature verification against the issuer's key.
public struct CertificateRevocationList: Sendable, Hashable {
    public let der: [UInt8]
    public let issuer: DistinguishedName
    public let thisUpdate: Date
    public let nextUpdate: Date?
    /// Revoked serial numbers, as their DER INTEGER content bytes.
    public let revokedSerials: Set<[UInt8]>
    let tbsBytes: ArraySlice<UInt8>
    let signatureAlgorithmOID: ASN1ObjectIdentifier
    let signatureBytes: ArraySlice<UInt8>

    public init(derEncoded der: [UInt8]) throws(ChainValidationError) {
        do {
            let root = try DER.parse(der)
            guard case .constructed(let top) = root.content else { throw ChainValidationError.malformed(field: "CRL", reason: "not a SEQUENCE") }
            var it = top.makeIterator()
            guard let tbs = it.next(), let algNode = it.next(), let sigNode = it.next() else {
                throw ChainValidationError.malformed(field: "CRL", reason: "expected tbsCertList, signatureAlgorithm, signatureValue")
            }
            self.der = der
            self.tbsBytes = tbs.encodedBytes
            guard case .constructed(let algParts) = algNode.content, let oidNode = algParts.first(where: { _ in true }) else {
                throw ChainValidationError.malformed(field: "CRL.signatureAlgorithm", reason: "not a SEQUENCE")
            }
            self.signatureAlgorithmOID = try ASN1ObjectIdentifier(derEncoded: oidNode)
            self.signatureBytes = try ASN1BitString(derEncoded: sigNode).bytes
            guard case .constructed(let tbsParts) = tbs.content else { throw ChainValidationError.malformed(field: "CRL.tbsCertList", reason: "not a SEQUENCE") }
            var t = tbsParts.makeIterator()
            var node = t.next()
            if let n = node, n.identifier == .integer { node = t.next() } // version
            node = t.next() // signature AlgorithmIdentifier (we took `node` as it)
            guard let issuerNode = node else { throw ChainValidationError.malformed(field: "CRL.issuer", reason: "missing") }
            self.issuer = try DistinguishedName(derEncoded: issuerNode)
            guard let thisNode = t.next() else { throw ChainValidationError.malformed(field: "CRL.thisUpdate", reason: "missing") }
            self.thisUpdate = try Self.time(thisNode)
            var next = t.next()
            if let n = next, n.identifier == .utcTime || n.identifier == .generalizedTime {
                self.nextUpdate = try Self.time(n)
                next = t.next()
            } else {
                self.nextUpdate = nil
            }
            var serials = Set<[UInt8]>()
            if let n = next, n.identifier == .sequence, case .constructed(let entries) = n.content {
                for entry in entries {
                    guard case .constructed(let parts) = entry.content, let serialNode = parts.first(where: { _ in true }),
                          case .primitive(let serial) = serialNode.content else {
                        throw ChainValidationError.malformed(field: "CRL.revokedCertificates", reason: "bad entry")
                    }
                    serials.insert(Self.normalized(serial))
                }
            }
            self.revokedSerials = serials
        } catch let e as ChainValidationError {
            throw e
        } catch {
            throw .malformed(field: "CRL", reason: "\(error)")
        }
    }

    /// Serial numbers compare without the sign-padding zero byte.
    static func normalized<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var a = Array(bytes)
        while a.count > 1, a[0] == 0 { a.removeFirst() }
        return a
    }

    static func time(_ node: ASN1Node) throws -> Date {
        if node.identifier == .utcTime {
            let t = try UTCTime(derEncoded: node)
            return Date(timeIntervalSince1970: Double(Timestamp.unixSeconds(year: t.year, month: t.month, day: t.day, hour: t.hours, minute: t.minutes, second: t.seconds)))
        }
        let t = try GeneralizedTime(derEncoded: node)
        return Date(timeIntervalSince1970: Double(Timestamp.unixSeconds(year: t.year, month: t.month, day: t.day, hour: t.hours, minute: t.minutes, second: t.seconds)))
    }

    /// True when `issuerKey` signed this CRL (ECDSA with SHA-256/384, as Intel and DCML use).
    public func isSigned(by issuerKey: Certificate.PublicKey) -> Bool {
        let alg: Certificate.SignatureAlgorithm
        switch signatureAlgorithmOID {
        case [1, 2, 840, 10045, 4, 3, 2]: alg = .ecdsaWithSHA256
        case [1, 2, 840, 10045, 4, 3, 3]: alg = .ecdsaWithSHA384
        default: return false
        }
        return issuerKey.isValidSignature(Array(signatureBytes), for: tbsBytes, signatureAlgorithm: alg)
    }

    public func revokes(_ cert: Certificate) -> Bool {
        revokedSerials.contains(Self.normalized(cert.serialNumber.bytes))
    }
}
