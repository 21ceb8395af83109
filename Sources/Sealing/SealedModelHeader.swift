import Crypto
import Inference

/// The header of a sealed model (byte layout in ``SealedModelFormat``): everything `inspect`
/// shows without a key. Parsing checks structure and internal consistency; authenticity needs the
/// secret key (``SealedModelReader/authenticate(with:)``).
public struct SealedModelHeader: Sendable, Equatable {
    public let version: UInt16
    public let layout: SealedModelFormat.Layout
    public let chunkSize: Int
    public let plaintextSize: UInt64
    public let recipient: ModelPublicKey
    public let ephemeral: ModelPublicKey
    public let manifest: ModelManifest
    /// The header tag (HMAC-SHA256 under the header key).
    public let tag: [UInt8]
    /// The header bytes as stored, tag included.
    public let encoded: [UInt8]

    public var modelHash: ModelHash { manifest.modelHash }
    /// What every chunk authenticates: SHA-256 of the header's fixed fields (``SealedModelFormat``).
    public var chunkAssociatedData: [UInt8] {
        Array(SHA256.hash(data: encoded[0..<SealedModelFormat.boundHeaderSize]))
    }

    /// Bytes before the first chunk.
    public var size: Int { encoded.count }
    public var chunkCount: Int { Self.chunkCount(plaintextSize: plaintextSize, chunkSize: chunkSize) }
    /// The exact size of a well-formed sealed file with this header.
    public var sealedFileSize: UInt64 {
        UInt64(size) + plaintextSize + UInt64(chunkCount * SealedModelFormat.chunkTagSize)
    }

    /// Plaintext bytes in chunk `index`.
    func plaintextCount(ofChunk index: Int) -> Int {
        Int(min(UInt64(chunkSize), plaintextSize - UInt64(index) * UInt64(chunkSize)))
    }

    /// File offset of chunk `index`'s ciphertext (its tag follows it).
    func offset(ofChunk index: Int) -> UInt64 {
        UInt64(size) + UInt64(index) * UInt64(chunkSize + SealedModelFormat.chunkTagSize)
    }

    static func chunkCount(plaintextSize: UInt64, chunkSize: Int) -> Int {
        max(1, Int((plaintextSize + UInt64(chunkSize) - 1) / UInt64(chunkSize)))
    }

    /// The length of a manifest's canonical bytes from names and sizes alone (digests are fixed
    /// width), so that the sealer can place the chunks before the digests are known.
    static func manifestLength(_ files: [(path: String, size: UInt64)]) -> Int {
        files.reduce(0) { $0 + $1.path.utf8.count + String($1.size).utf8.count + 64 + 3 }
    }

    /// The bytes covered by the tag, for a new file.
    static func encodeUnsigned(layout: SealedModelFormat.Layout, chunkSize: Int, manifest: ModelManifest,
                               recipient: ModelPublicKey, ephemeral: ModelPublicKey) -> [UInt8] {
        let canonical = manifest.canonicalBytes
        let plaintext = manifest.entries.reduce(UInt64(0)) { $0 + $1.size }
        var out = encodeBound(layout: layout, chunkSize: chunkSize, plaintextSize: plaintext, recipient: recipient, ephemeral: ephemeral)
        out += manifest.modelHash.bytes
        out += bigEndian(UInt32(canonical.count))
        out += canonical
        return out
    }

    /// Bytes 0 ..< 88, the fields bound into every chunk.
    static func encodeBound(layout: SealedModelFormat.Layout, chunkSize: Int, plaintextSize: UInt64,
                            recipient: ModelPublicKey, ephemeral: ModelPublicKey) -> [UInt8] {
        var out = SealedModelFormat.magic
        out += bigEndian(SealedModelFormat.version)
        out.append(SealedModelFormat.suite)
        out.append(layout.rawValue)
        out += bigEndian(UInt32(chunkSize))
        out += bigEndian(plaintextSize)
        out += recipient.rawRepresentation
        out += ephemeral.rawRepresentation
        return out
    }

    /// Parses a header from the start of a file. `bytes` may hold more than the header; when it
    /// holds less, the error says how many bytes are needed (``SealingError/headerTooShort``).
    public init(parsing bytes: [UInt8], path: String = "sealed file") throws(SealingError) {
        let fixed = SealedModelFormat.fixedHeaderSize
        guard bytes.count >= 8, Array(bytes[0..<8]) == SealedModelFormat.magic else {
            if bytes.count < 8 && SealedModelFormat.magic.starts(with: bytes) { throw .headerTooShort(needed: fixed, actual: bytes.count) }
            throw .notSealedModel(path: path)
        }
        guard bytes.count >= fixed else { throw .headerTooShort(needed: fixed, actual: bytes.count) }
        version = UInt16(bytes[8]) << 8 | UInt16(bytes[9])
        guard version == SealedModelFormat.version else { throw .unsupportedVersion(version) }
        guard bytes[10] == SealedModelFormat.suite else { throw .unsupportedSuite(bytes[10]) }
        guard let layout = SealedModelFormat.Layout(rawValue: bytes[11]) else { throw .unsupportedLayout(bytes[11]) }
        self.layout = layout
        let chunk = Int(Self.readUInt(bytes, at: 12, width: 4))
        guard SealedModelFormat.chunkSizeRange.contains(chunk) else { throw .badChunkSize(chunk) }
        chunkSize = chunk
        plaintextSize = Self.readUInt(bytes, at: 16, width: 8)
        recipient = try ModelPublicKey(rawRepresentation: Array(bytes[24..<56]))
        ephemeral = try ModelPublicKey(rawRepresentation: Array(bytes[56..<88]))
        let statedHash = Array(bytes[88..<120])
        let manifestLength = Int(Self.readUInt(bytes, at: 120, width: 4))
        guard manifestLength <= SealedModelFormat.maxManifestSize else { throw .manifestTooLarge(manifestLength) }
        let total = fixed + manifestLength + SealedModelFormat.headerTagSize
        guard bytes.count >= total else { throw .headerTooShort(needed: total, actual: bytes.count) }
        let canonical = Array(bytes[fixed..<(fixed + manifestLength)])
        manifest = try Self.parseManifest(canonical)
        guard manifest.modelHash.bytes == statedHash else {
            throw .manifestHashMismatch(header: Hex.encode(statedHash), manifest: manifest.modelHash.hex)
        }
        let sum = manifest.entries.reduce(UInt64(0)) { $0 &+ $1.size }
        guard sum == plaintextSize else { throw .plaintextSizeMismatch(header: plaintextSize, manifest: sum) }
        if layout == .file, manifest.entries.count != 1 {
            throw .malformedManifest("a single-file model has \(manifest.entries.count) entries, expected 1")
        }
        for e in manifest.entries { try Self.checkSafe(e.path) }
        let count = (plaintextSize + UInt64(chunk) - 1) / UInt64(chunk)
        guard count <= SealedModelFormat.maxChunkCount else { throw .tooManyChunks(count) }
        tag = Array(bytes[(total - SealedModelFormat.headerTagSize)..<total])
        encoded = Array(bytes[0..<total])
    }

    /// Parses canonical manifest lines and insists they are canonical (sorted, re-encoding equal),
    /// so that one modelH has one byte form. Also reads what `dcml model hash --manifest` printed.
    public static func parseManifest(_ bytes: [UInt8]) throws(SealingError) -> ModelManifest {
        var entries = [ModelManifest.Entry]()
        guard bytes.last == 0x0a else { throw .malformedManifest("expected lines ending in a newline") }
        for (n, line) in bytes.split(separator: 0x0a, omittingEmptySubsequences: false).dropLast().enumerated() {
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
            guard fields.count == 3,
                  let path = String(validating: fields[0], as: UTF8.self),
                  let size = UInt64(String(decoding: fields[1], as: UTF8.self)),
                  let digest = Hex.decode(String(decoding: fields[2], as: UTF8.self)), digest.count == 32
            else { throw .malformedManifest("line \(n + 1) is not '<path>\\t<size>\\t<64 hex>'") }
            entries.append(.init(path: path, size: size, sha256: digest))
        }
        let manifest: ModelManifest
        do { manifest = try ModelManifest(entries: entries) } catch { throw .malformedManifest(error.description) }
        guard manifest.canonicalBytes == bytes else { throw .malformedManifest("not in canonical form (sorted paths, decimal sizes, lowercase hex)") }
        return manifest
    }

    /// A manifest path must stay inside the directory it is unsealed into.
    static func checkSafe(_ path: String) throws(SealingError) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
              !path.utf8.contains(0) else { throw .unsafeModelPath(path) }
    }

    static func bigEndian<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).reversed().map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) }
    }

    static func readUInt(_ b: [UInt8], at offset: Int, width: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<width { v = v << 8 | UInt64(b[offset + i]) }
        return v
    }
}
