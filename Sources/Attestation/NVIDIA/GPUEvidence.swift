/// NVIDIA H100 confidential-computing evidence: an SPDM 1.1 GET_MEASUREMENTS request (37 bytes)
/// followed by the MEASUREMENTS response, as `nvmlDeviceGetConfComputeGpuAttestationReport` returns it.
///
/// The response is parsed field by field (measurement record, responder nonce, opaque data) so the
/// signature is located by its position after the opaque data — not assumed to be "the last 96
/// bytes" — and trailing garbage is detected.
public struct GPUEvidence: Sendable, Equatable {
    public static let requestSize = 37
    public static let signatureSize = 96 // ECDSA P-384 r‖s

    public let bytes: [UInt8]
    /// The nonce the verifier put in the request.
    public let requestNonce: [UInt8]
    public let spdmVersion: UInt8
    public let measurementBlocks: [SPDMMeasurementBlock]
    public let responderNonce: [UInt8]
    /// NVIDIA opaque fields: type → value (3 driver version, 6 VBIOS version, 20 FWID, …).
    public let opaqueFields: [UInt16: [UInt8]]
    /// Offset of the signature: everything before it is signed.
    public let signatureOffset: Int
    public var signature: [UInt8] { Array(bytes[signatureOffset ..< signatureOffset + Self.signatureSize]) }
    public var signedBytes: ArraySlice<UInt8> { bytes[0 ..< signatureOffset] }
    public var fwid: [UInt8]? { opaqueFields[20] }
    public var driverVersion: String? { opaqueFields[3].map { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) } }

    public init(parsing bytes: [UInt8]) throws(GPUEvidenceError) {
        var o = 0
        func take(_ n: Int, _ field: String) throws(GPUEvidenceError) -> ArraySlice<UInt8> {
            guard n >= 0, n <= bytes.count - o else { throw .truncated(field: field, offset: o, needed: n, available: bytes.count - o) }
            defer { o += n }
            return bytes[o ..< o + n]
        }
        let req = try take(Self.requestSize, "GET_MEASUREMENTS request")
        guard req[req.startIndex + 1] == 0xE0 else { throw .unexpectedCode(field: "request code", found: req[req.startIndex + 1], expected: 0xE0) }
        requestNonce = Array(req[(req.startIndex + 4) ..< (req.startIndex + 36)])
        let head = try take(8, "MEASUREMENTS response header")
        let h = Array(head)
        guard h[1] == 0x60 else { throw .unexpectedCode(field: "response code", found: h[1], expected: 0x60) }
        spdmVersion = h[0]
        let numBlocks = Int(h[4])
        let recordLen = Int(h[5]) | Int(h[6]) << 8 | Int(h[7]) << 16
        let record = Array(try take(recordLen, "measurement record"))
        var blocks = [SPDMMeasurementBlock](), r = 0
        while r < record.count {
            guard record.count - r >= 7 else { throw .truncated(field: "measurement block header", offset: 45 + r, needed: 7, available: record.count - r) }
            let size = Int(record.le16(at: r + 2)), valueSize = Int(record.le16(at: r + 5))
            guard size >= 3, r + 4 + size <= record.count, valueSize == size - 3 else {
                throw .truncated(field: "measurement block \(record[r])", offset: 45 + r, needed: size, available: record.count - r - 4)
            }
            blocks.append(SPDMMeasurementBlock(index: record[r], specification: record[r + 1], valueType: record[r + 4], value: Array(record.slice(r + 7, valueSize))))
            r += 4 + size
        }
        guard blocks.count == numBlocks else { throw .truncated(field: "measurement record (\(numBlocks) blocks declared, \(blocks.count) found)", offset: 45, needed: recordLen, available: recordLen) }
        measurementBlocks = blocks
        responderNonce = Array(try take(32, "responder nonce"))
        let opaqueLen = Int(Array(try take(2, "opaque length")).le16(at: 0))
        let opaque = Array(try take(opaqueLen, "opaque data"))
        var fields = [UInt16: [UInt8]](), p = 0
        while p + 4 <= opaque.count {
            let t = opaque.le16(at: p), s = Int(opaque.le16(at: p + 2))
            guard p + 4 + s <= opaque.count else { throw .truncated(field: "opaque field \(t)", offset: 0, needed: s, available: opaque.count - p - 4) }
            fields[t] = Array(opaque.slice(p + 4, s))
            p += 4 + s
        }
        opaqueFields = fields
        signatureOffset = o
        _ = try take(Self.signatureSize, "signature")
        guard o == bytes.count else { throw .trailingBytes(bytes.count - o) }
        self.bytes = bytes
    }

    /// Builds evidence bytes (used by the simulated GPU): request ‖ response without signature.
    static func unsignedBytes(nonce: [UInt8], blocks: [SPDMMeasurementBlock], responderNonce: [UInt8], opaque: [(UInt16, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [0x11, 0xE0, 0x01, 0xFF] + nonce.padded(to: 32) + [0x00]
        var record = [UInt8]()
        for b in blocks { b.serialize(into: &record) }
        out += [0x11, 0x60, 0x00, 0x00, UInt8(blocks.count), UInt8(record.count & 0xff), UInt8((record.count >> 8) & 0xff), UInt8(record.count >> 16)]
        out += record
        out += responderNonce.padded(to: 32)
        var o = [UInt8]()
        for (t, v) in opaque { o.appendLE16(t); o.appendLE16(UInt16(v.count)); o += v }
        out.appendLE16(UInt16(o.count))
        out += o
        return out
    }
}
