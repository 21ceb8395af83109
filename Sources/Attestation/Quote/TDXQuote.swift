/// An Intel TDX quote, version 4 (`sgx_quote_4.h`) or 5 (`sgx_quote_5.h`).
///
/// Parsing follows the length fields only: real quote files carry unsigned zero padding after the
/// signature data (the QE's fixed-size buffer), which is counted in `trailingByteCount` and otherwise
/// ignored. Malformed input throws a ``QuoteParseError``; it never traps or reads out of bounds.
public struct TDXQuote: Sendable, Equatable, Hashable {
    public let header: QuoteHeader
    public let report: TDReport
    public let signatureData: QuoteSignatureData
    /// The quote's own bytes, without trailing padding: what was signed and what `serialized()`
    /// returns. A view of the buffer it was parsed from: every field is one too, so parsing
    /// allocates nothing beyond the quote's own structs and copies nothing.
    let bytes: ArraySlice<UInt8>
    /// The quote's own bytes (a copy), without trailing padding.
    public var rawBytes: [UInt8] { Array(bytes) }
    /// Unsigned bytes found after the signature data.
    public let trailingByteCount: Int

    /// Smallest possible size of a quote of `version` with a TD 1.0 body: header, body, signature data
    /// length, signature, key, an empty type-6 block holding QE report, its signature, an empty auth
    /// data and an empty nested block.
    public static func minimumSize(version: UInt16) -> Int {
        let body = version == 5 ? 6 + TDReport.Kind.td10.size : TDReport.Kind.td10.size
        return QuoteHeader.size + body + 4 + 64 + 64 + 6 + EnclaveReport.size + 64 + 2 + 6
    }

    /// Offset of the body (TD report) in the quote.
    public var bodyOffset: Int { header.version == 5 ? QuoteHeader.size + 6 : QuoteHeader.size }
    /// Length of the region signed by the attestation key: v4 [0, 632), v5 [0, 54 + body size).
    public var signedLength: Int { bodyOffset + report.kind.size }
    public var signedRegion: ArraySlice<UInt8> { bytes[bytes.startIndex ..< bytes.startIndex + signedLength] }

    public init(parsing input: [UInt8]) throws(QuoteParseError) {
        var r = ByteReader(input)
        guard input.count >= 2 else { throw .truncated(field: "header.version", offset: 0, needed: 2, available: input.count) }
        let version = input.le16(at: 0)
        guard version == 4 || version == 5 else { throw .unsupportedVersion(version) }
        let minimum = Self.minimumSize(version: version)
        guard input.count >= minimum else { throw .tooShort(size: input.count, version: version, minimum: minimum) }
        _ = try r.take(QuoteHeader.size, field: "header")
        let header = QuoteHeader(bytes: input, at: 0)
        guard header.teeType == QuoteHeader.teeTypeTDX else { throw .unsupportedTEEType(header.teeType) }
        guard header.attestationKeyType == QuoteHeader.attestationKeyECDSAP256 else {
            throw .unsupportedAttestationKeyType(header.attestationKeyType)
        }
        let kind: TDReport.Kind
        if version == 5 {
            let type = try r.u16("body.type")
            let size = try r.u32("body.size")
            switch (type, size) {
            case (2, 584): kind = .td10
            case (3, 648): kind = .td15
            default: throw .unsupportedBodyType(type: type, size: size)
            }
        } else {
            kind = .td10
        }
        let bodyAt = try r.take(kind.size, field: "body (\(kind.rawValue) report)")
        let report = TDReport(kind: kind, view: input.slice(bodyAt, kind.size))!
        let sigLen = Int(try r.u32("signature_data_len"))
        guard sigLen <= r.remaining else {
            throw .lengthOutOfBounds(field: "signature_data_len", declared: sigLen, available: r.remaining)
        }
        let sigStart = r.offset
        let sig = try QuoteSignatureData.parse(input, from: sigStart, length: sigLen)
        let end = sigStart + sigLen
        self.header = header
        self.report = report
        self.signatureData = sig
        self.bytes = input[0 ..< end]
        self.trailingByteCount = input.count - end
    }

    /// Builds a quote from parts (used by the simulated TEE); `rawBytes` is the serialisation.
    public init(header: QuoteHeader, report: TDReport, signatureData: QuoteSignatureData) {
        self.header = header
        self.report = report
        self.signatureData = signatureData
        self.bytes = Self.serialize(header: header, report: report, signatureData: signatureData)[...]
        self.trailingByteCount = 0
    }

    /// The signed region for a header and report: what the attestation key signs.
    public static func signedRegion(header: QuoteHeader, report: TDReport) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(QuoteHeader.size + 6 + report.kind.size)
        header.serialize(into: &out)
        if header.version == 5 {
            out.appendLE16(report.kind.v5BodyType)
            out.appendLE32(UInt32(report.kind.size))
        }
        out.append(contentsOf: report.view)
        return out
    }

    static func serialize(header: QuoteHeader, report: TDReport, signatureData: QuoteSignatureData) -> [UInt8] {
        var out = signedRegion(header: header, report: report)
        let sig = signatureData.serialized()
        out.appendLE32(UInt32(sig.count))
        out.append(contentsOf: sig)
        return out
    }

    /// The quote re-encoded from its fields (equal to `rawBytes` for a parsed quote).
    public func serialized() -> [UInt8] {
        Self.serialize(header: header, report: report, signatureData: signatureData)
    }
}
