import Crypto
import Foundation
import Inference

/// Seals a model (a GGUF file or a model directory) for a recipient public key into one sealed
/// file (``SealedModelFormat``).
///
/// One pass over the input: `workers` threads read, encrypt in place and write each chunk (chunks
/// are independent given their counter) while the calling thread hashes the plaintext in order for
/// the manifest; the header, whose length is known from names and sizes alone, is written last.
/// One preallocated buffer per in-flight chunk: memory stays at about 2·(2·workers + 2) chunks
/// whatever the model's size. Output goes to a temporary file that is fsynced and renamed.
public struct ModelSealer: Sendable {
    public var chunkSize: Int
    public var workers: Int

    public init(chunkSize: Int = SealedModelFormat.defaultChunkSize, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.chunkSize = chunkSize
        self.workers = max(1, workers)
    }

    /// Seals `modelPath` for `recipient` into `output` (which must not exist) and returns the header.
    /// `manifest`, when given, must be this model's (e.g. from an earlier ``ModelHasher`` run): it
    /// saves the hashing; names and sizes are checked, a wrong digest makes the file unopenable.
    @discardableResult
    public func seal(modelAt modelPath: String, for recipient: ModelPublicKey, to output: String,
                     manifest known: ModelManifest? = nil, progress: SealProgress? = nil) throws(SealingError) -> SealedModelHeader {
        guard SealedModelFormat.chunkSizeRange.contains(chunkSize) else { throw .badChunkSize(chunkSize) }
        let source = try ModelSource(path: modelPath)
        let files = source.plaintext.files.map { (path: $0.path, size: $0.size) }
        if let known {
            guard known.entries.map({ "\($0.path)\t\($0.size)" }) == files.map({ "\($0.path)\t\($0.size)" }) else {
                throw .manifest("the manifest given does not list the files of \(modelPath) with their sizes")
            }
        }
        let total = source.plaintext.totalSize
        let count = SealedModelHeader.chunkCount(plaintextSize: total, chunkSize: chunkSize)
        guard UInt64(count) <= SealedModelFormat.maxChunkCount else { throw .tooManyChunks(UInt64(count)) }
        let manifestLength = SealedModelHeader.manifestLength(files)
        guard manifestLength <= SealedModelFormat.maxManifestSize else { throw .manifestTooLarge(manifestLength) }

        // Keys: a fresh ephemeral pair per file; only X25519(sk, ephemeral pk) recovers them.
        let ephemeralKey = Curve25519.KeyAgreement.PrivateKey()
        let ephemeral = try ModelPublicKey(rawRepresentation: Array(ephemeralKey.publicKey.rawRepresentation))
        let shared: SharedSecret
        do { shared = try ephemeralKey.sharedSecretFromKeyAgreement(with: recipient.cryptoKey) } catch {
            throw .cryptoFailure("X25519 key agreement: \(error)")
        }
        let keys = SealingKeys(sharedSecret: shared, ephemeral: ephemeral, recipient: recipient)
        // The fields bound into every chunk are known now; the manifest's digests only at the end,
        // so chunks are placed after a header of known length that is written last.
        let bound = SealedModelHeader.encodeBound(layout: source.layout, chunkSize: chunkSize, plaintextSize: total,
                                                  recipient: recipient, ephemeral: ephemeral)
        let cipher = try ChunkCipher(key: keys.contentKey, noncePrefix: keys.noncePrefix,
                                     associatedData: Array(SHA256.hash(data: bound)))
        let headerSize = SealedModelFormat.fixedHeaderSize + manifestLength + SealedModelFormat.headerTagSize

        let out = try AtomicOutput(destination: output, directory: false)
        let fd = try out.createFile()
        let slotSize = chunkSize + SealedModelFormat.chunkTagSize
        let window = 2 * workers + 2
        let buffers = UnsafeMutableRawBufferPointer.allocate(byteCount: window * slotSize, alignment: 4096)
        defer {
            SecretBytes.wipe(buffers.baseAddress!, buffers.count)  // plaintext passed through here
            buffers.deallocate()
        }
        let base = UncheckedPointer(buffers.baseAddress!)
        let chunkSize = self.chunkSize
        // Workers read, hash-free, encrypt in place and write; this thread hashes each chunk's
        // plaintext in order (workers encrypt a chunk only after it was hashed: see `plaintextCopy`).
        var accumulator = known == nil ? ManifestAccumulator(layout: source.plaintext) : nil
        let hashing = accumulator != nil
        let plain = UnsafeMutableRawBufferPointer.allocate(byteCount: hashing ? window * chunkSize : 1, alignment: 4096)
        defer {
            SecretBytes.wipe(plain.baseAddress!, plain.count)
            plain.deallocate()
        }
        let plainBase = UncheckedPointer(plain.baseAddress!)
        // This thread hashes (SHA-256 of one file is one sequential stream, ~1 GB/s per core); one
        // core of AES at ~5 GB/s outruns it, so while hashing leave that core to the hasher.
        let encryptors = hashing ? max(1, workers - 1) : workers
        try ChunkPipeline(count: count, window: window).run(workers: encryptors, work: { index, slot throws(SealingError) in
            let n = Int(min(UInt64(chunkSize), total - UInt64(index) * UInt64(chunkSize)))
            let chunk = UnsafeMutableRawBufferPointer(start: base.pointer + slot * slotSize, count: n)
            try source.read(into: chunk, at: UInt64(index) * UInt64(chunkSize))
            if hashing, n > 0 {
                // Keep the plaintext for the in-order hasher (a copy at memory speed; the
                // alternative, hashing before encrypting, would serialise the workers).
                (plainBase.pointer + slot * chunkSize).copyMemory(from: chunk.baseAddress!, byteCount: n)
            }
            try cipher.seal(chunk, tag: base.pointer + slot * slotSize + n, index: index, last: index == count - 1)
            try fd.write(UnsafeRawBufferPointer(start: base.pointer + slot * slotSize, count: n + SealedModelFormat.chunkTagSize),
                         at: UInt64(headerSize) + UInt64(index) * UInt64(slotSize))
        }, consume: { index, slot in
            let offset = UInt64(index) * UInt64(chunkSize)
            let n = Int(min(UInt64(chunkSize), total - offset))
            accumulator?.update(UnsafeRawBufferPointer(start: plainBase.pointer + slot * chunkSize, count: n), at: offset)
            progress?(hashing ? .hashing : .encrypting, offset + UInt64(n), total)
        })
        try source.checkUnchanged()
        let manifest: ModelManifest
        if let known { manifest = known } else { manifest = try accumulator!.manifest() }
        let unsigned = SealedModelHeader.encodeUnsigned(layout: source.layout, chunkSize: chunkSize, manifest: manifest,
                                                        recipient: recipient, ephemeral: ephemeral)
        let header = try SealedModelHeader(parsing: unsigned + keys.headerTag(unsigned))
        precondition(header.size == headerSize && Array(header.encoded[0..<SealedModelFormat.boundHeaderSize]) == bound)
        try fd.write(header.encoded, at: 0)
        try out.commit(syncing: [fd])
        return header
    }
}
