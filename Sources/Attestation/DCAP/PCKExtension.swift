import SwiftASN1
import X509

/// The Intel SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1): the platform's FMSPC,
/// PCE-ID, PPID and the TCB it was certified at (16 CPU SVN components, PCESVN, CPUSVN).
///
/// These — not the quote header — are what TCB levels are matched against, because the PCK
/// certificate is signed by Intel while the quote header is not.
public struct PCKExtension: Sendable, Equatable {
    public static let oid: ASN1ObjectIdentifier = [1, 2, 840, 113741, 1, 13, 1]

    public var ppid: [UInt8]
    /// The 16 SGX TCB component SVNs (OIDs …1.2.1 – …1.2.16).
    public var tcbComponents: [UInt8]
    public var pceSVN: UInt16
    public var cpuSVN: [UInt8]
    public var pceID: [UInt8]
    public var fmspc: [UInt8]
    public var sgxType: Int

    public init(ppid: [UInt8], tcbComponents: [UInt8], pceSVN: UInt16, cpuSVN: [UInt8], pceID: [UInt8], fmspc: [UInt8], sgxType: Int) {
        self.ppid = ppid; self.tcbComponents = tcbComponents; self.pceSVN = pceSVN; self.cpuSVN = cpuSVN
        self.pceID = pceID; self.fmspc = fmspc; self.sgxType = sgxType
    }

    public init(certificate: Certificate) throws(DCAPVerificationError) {
        guard let ext = certificate.extensions[oid: Self.oid] else {
            throw .pckExtension("PCK certificate has no SGX extension \(Self.oid)")
        }
        try self.init(extensionValue: Array(ext.value))
    }

    public init(extensionValue: [UInt8]) throws(DCAPVerificationError) {
        var ppid: [UInt8]?, comps = [UInt8](repeating: 0, count: 16), seen = Set<Int>(), pceSVN: UInt16?, cpuSVN: [UInt8]?
        var pceID: [UInt8]?, fmspc: [UInt8]?, sgxType: Int?
        do {
            for (oid, value) in try Self.pairs(try DER.parse(extensionValue)) {
                let arcs = Array(oid.oidComponents)
                guard arcs.count == 8, Array(arcs[0 ..< 7]) == Array(Self.oid.oidComponents) else { continue }
                switch arcs[7] {
                case 1: ppid = try Self.octets(value)
                case 2:
                    for (sub, v) in try Self.pairs(value) {
                        let s = Array(sub.oidComponents)
                        guard s.count == 9 else { continue }
                        switch s[8] {
                        case 1 ... 16:
                            let n = try Int(derEncoded: v)
                            guard (0 ... 255).contains(n) else { throw DCAPVerificationError.pckExtension("TCB component \(s[8]) = \(n), expected 0...255") }
                            comps[Int(s[8]) - 1] = UInt8(n); seen.insert(Int(s[8]))
                        case 17:
                            let n = try Int(derEncoded: v)
                            guard (0 ... 65535).contains(n) else { throw DCAPVerificationError.pckExtension("PCESVN = \(n), expected 0...65535") }
                            pceSVN = UInt16(n)
                        case 18: cpuSVN = try Self.octets(v)
                        default: break
                        }
                    }
                case 3: pceID = try Self.octets(value)
                case 4: fmspc = try Self.octets(value)
                case 5:
                    guard case .primitive(let b) = value.content, b.count <= 4 else { throw DCAPVerificationError.pckExtension("SGX type is not a small ENUMERATED") }
                    sgxType = b.reduce(0) { $0 << 8 | Int($1) }
                default: break
                }
            }
        } catch let e as DCAPVerificationError { throw e } catch {
            throw .pckExtension("SGX extension is not valid DER: \(error)")
        }
        guard let ppid else { throw .pckExtension("PPID (…13.1.1) missing") }
        guard seen.count == 16 else { throw .pckExtension("TCB has \(seen.count) of 16 SGX components") }
        guard let pceSVN else { throw .pckExtension("PCESVN (…13.1.2.17) missing") }
        guard let cpuSVN, cpuSVN.count == 16 else { throw .pckExtension("CPUSVN (…13.1.2.18) missing or not 16 bytes") }
        guard let pceID, pceID.count == 2 else { throw .pckExtension("PCE-ID (…13.1.3) missing or not 2 bytes") }
        guard let fmspc, fmspc.count == 6 else { throw .pckExtension("FMSPC (…13.1.4) missing or not 6 bytes") }
        self.init(ppid: ppid, tcbComponents: comps, pceSVN: pceSVN, cpuSVN: cpuSVN, pceID: pceID, fmspc: fmspc, sgxType: sgxType ?? 0)
    }

    private static func pairs(_ node: ASN1Node) throws -> [(ASN1ObjectIdentifier, ASN1Node)] {
        guard case .constructed(let items) = node.content else { throw DCAPVerificationError.pckExtension("expected a SEQUENCE") }
        var out = [(ASN1ObjectIdentifier, ASN1Node)]()
        for item in items {
            guard case .constructed(let kv) = item.content else { throw DCAPVerificationError.pckExtension("expected SEQUENCE { OID, value }") }
            var it = kv.makeIterator()
            guard let k = it.next(), let v = it.next() else { throw DCAPVerificationError.pckExtension("expected SEQUENCE { OID, value }") }
            out.append((try ASN1ObjectIdentifier(derEncoded: k), v))
        }
        return out
    }

    private static func octets(_ node: ASN1Node) throws -> [UInt8] { Array(try ASN1OctetString(derEncoded: node).bytes) }

    /// DER of the extension value, for building simulated PCK certificates.
    public func extensionValue() throws -> [UInt8] {
        var s = DER.Serializer()
        func oid(_ last: [UInt] ) throws -> ASN1ObjectIdentifier { try ASN1ObjectIdentifier(elements: Array(Self.oid.oidComponents) + last) }
        try s.appendConstructedNode(identifier: .sequence) { s in
            try s.appendConstructedNode(identifier: .sequence) { s in
                try s.serialize(try oid([1])); try s.serialize(ASN1OctetString(contentBytes: ArraySlice(ppid)))
            }
            try s.appendConstructedNode(identifier: .sequence) { s in
                try s.serialize(try oid([2]))
                try s.appendConstructedNode(identifier: .sequence) { s in
                    for i in 0 ..< 16 {
                        try s.appendConstructedNode(identifier: .sequence) { s in
                            try s.serialize(try oid([2, UInt(i + 1)])); try s.serialize(Int(tcbComponents[i]))
                        }
                    }
                    try s.appendConstructedNode(identifier: .sequence) { s in
                        try s.serialize(try oid([2, 17])); try s.serialize(Int(pceSVN))
                    }
                    try s.appendConstructedNode(identifier: .sequence) { s in
                        try s.serialize(try oid([2, 18])); try s.serialize(ASN1OctetString(contentBytes: ArraySlice(cpuSVN)))
                    }
                }
            }
            try s.appendConstructedNode(identifier: .sequence) { s in
                try s.serialize(try oid([3])); try s.serialize(ASN1OctetString(contentBytes: ArraySlice(pceID)))
            }
            try s.appendConstructedNode(identifier: .sequence) { s in
                try s.serialize(try oid([4])); try s.serialize(ASN1OctetString(contentBytes: ArraySlice(fmspc)))
            }
            try s.appendConstructedNode(identifier: .sequence) { s in
                try s.serialize(try oid([5]))
                s.appendPrimitiveNode(identifier: ASN1Identifier(tagWithNumber: 10, tagClass: .universal)) { $0.append(UInt8(sgxType)) }
            }
        }
        return s.serializedBytes
    }
}
