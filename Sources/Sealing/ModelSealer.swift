import Crypto
import Foundation
import Inference

/// Seals a model (a GGUF file or a model directory) for a recipient public key into one sealed
/// file (``SealedModelFormat``).
///
/// Two passes over the input: the manifest (modelH) must be known before the first chunk, since
/// the header is authenticated into every chunk. The encryption pass reads, encrypts in place and
/// writes each chunk on `workers` threads (chunks are independent given their counter) with one
/// preallocated buffer per in-flight chunk: memory stays at about (2·workers + 2) chunks whatever
/// the model's size. Output goes to a temporary file that is fsynced and renamed into place.
public struct ModelSealer: Sendable {
    public var chunkSize: Int
    public var workers: Int

    public init(chunkSize: Int = SealedModelFormat.defaultChunkSize, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.chunkSize = chunkSize
        self.workers = max(1, workers)
    }

    /// Seals `modelPath` for `recipient` into `output` (which must not exist) and returns the header.
    /// `manifest`, when given, must be this model's (e.g. from an earlier ``ModelHasher`` run): it
    /// saves the hashing pass; names and sizes are checked, a wrong digest makes the file unopenable.
    @discardableResult
    public func seal(modelAt modelPath: String, for recipient: ModelPublicKey, to output: String,
                     manifest known: ModelManifest? = nil, progress: SealProgress? = nil) throws(SealingError) -> SealedModelHeader {
        guard SealedModelFormat.chunkSizeRange.contains(chunkSize) else { throw .badChunkSize(chunkSize) }
        let source = try ModelSource(path: modelPath)
        let manifest: ModelManifest
        if let known {
            guard known.entries.map({ "\($0.path)\t\($0.size)" }) == source.plaintext.files.map({ "\($0.path)\t\($0.size)" }) else {
                throw .manifest("the manifest given does not list the files of \(modelPath) with their sizes")
            }
            manifest = known
        } else {
            manifest = try source.manifest(workers: workers) { progress?(.hashing, $0, $1) }
        }
        let total = source.plaintext.totalSize
        let count = SealedModelHeader.chunkCount(plaintextSize: total, chunkSize: chunkSize)
        guard UInt64(count) <= SealedModelFormat.maxChunkCount else { throw .tooManyChunks(UInt64(count)) }

        // Keys: a fresh ephemeral pair per file; only X25519(sk, ephemeral pk) recovers them.
        let ephemeralKey = Curve25519.KeyAgreement.PrivateKey()
        let ephemeral = try ModelPublicKey(rawRepresentation: Array(ephemeralKey.publicKey.rawRepresentation))
        let shared: SharedSecret
        do { shared = try ephemeralKey.sharedSecretFromKeyAgreement(with: recipient.cryptoKey) } catch {
            throw .cryptoFailure("X25519 key agreement: \(error)")
        }
        let keys = SealingKeys(sharedSecret: shared, ephemeral: ephemeral, recipient: recipient)
        let unsigned = SealedModelHeader.encodeUnsigned(layout: source.layout, chunkSize: chunkSize, manifest: manifest,
                                                        recipient: recipient, ephemeral: ephemeral)
        let header = try SealedModelHeader(parsing: unsigned + keys.headerTag(unsigned))
        let cipher = try ChunkCipher(key: keys.contentKey, noncePrefix: keys.noncePrefix,
                                     associatedData: Array(SHA256.hash(data: header.encoded)))

        let out = try AtomicOutput(destination: output, directory: false)
        let fd = try out.createFile()
        try fd.write(header.encoded, at: 0)

        let slotSize = chunkSize + SealedModelFormat.chunkTagSize
        let window = 2 * workers + 2
        let buffers = UnsafeMutableRawBufferPointer.allocate(byteCount: window * slotSize, alignment: 4096)
        defer {
            SecretBytes.wipe(buffers.baseAddress!, buffers.count)  // plaintext passed through here
            buffers.deallocate()
        }
        let base = UncheckedPointer(buffers.baseAddress!)
        let chunkSize = self.chunkSize
        try ChunkPipeline(count: count, window: window).run(workers: workers, work: { index, slot throws(SealingError) in
            let n = header.plaintextCount(ofChunk: index)
            let chunk = UnsafeMutableRawBufferPointer(start: base.pointer + slot * slotSize, count: n)
            try source.read(into: chunk, at: UInt64(index) * UInt64(chunkSize))
            try cipher.seal(chunk, tag: base.pointer + slot * slotSize + n, index: index, last: index == count - 1)
            try fd.write(UnsafeRawBufferPointer(start: base.pointer + slot * slotSize, count: n + SealedModelFormat.chunkTagSize),
                         at: header.offset(ofChunk: index))
        }, consume: { index, _ in
            progress?(.encrypting, min(UInt64(index + 1) * UInt64(chunkSize), total), total)
        })
        try source.checkUnchanged()
        try out.commit(syncing: [fd])
        return header
    }
}
