import Crypto
import Foundation
import Inference

/// An open sealed model: the header without a key (``inspect``), and with the secret key the
/// plaintext, either into memory (the node: ``decrypt(with:progress:)``) or to files (``unseal``).
///
/// Checks run in this order, each with its own error: structure of the header; the key belongs to
/// the recipient (``SealingError/wrongKey``); the header tag (``SealingError/headerAuthenticationFailed``);
/// the file's exact size (``SealingError/truncated`` / ``SealingError/trailingData``); every chunk's
/// tag (``SealingError/chunkAuthenticationFailed``, the lowest failing index); each file's SHA-256
/// against the manifest (``SealingError/contentHashMismatch``). Plaintext is released only after
/// all of them pass: memory is wiped and temporary outputs removed on any failure.
public final class SealedModelReader: @unchecked Sendable {
    public let path: String
    public let header: SealedModelHeader
    /// The size on disk (compare with ``SealedModelHeader/sealedFileSize``).
    public let fileSize: UInt64
    public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    private let fd: FileDescriptor

    public init(path: String) throws(SealingError) {
        self.path = path
        fd = try FileDescriptor.reading(path)
        fileSize = try fd.size
        var bytes = try fd.read(count: Int(min(fileSize, UInt64(SealedModelFormat.fixedHeaderSize))), at: 0)
        do {
            header = try SealedModelHeader(parsing: bytes, path: path)
        } catch .headerTooShort(let needed, _) where needed > bytes.count && UInt64(needed) <= fileSize {
            bytes = try fd.read(count: needed, at: 0)
            header = try SealedModelHeader(parsing: bytes, path: path)
        }
        fd.adviseSequential()
    }

    /// Whether the file was sealed for `pk` (the node's set_sk check; no secret involved).
    public func isSealed(for pk: ModelPublicKey) -> Bool { header.recipient == pk }

    /// Derives the file's keys with `sk` and verifies the header tag.
    func authenticate(with sk: ModelSecretKey) throws(SealingError) -> SealingKeys {
        guard sk.matches(header.recipient) else {
            throw .wrongKey(sealedFor: header.recipient.hex, given: sk.publicKey.hex)
        }
        let keys = SealingKeys(sharedSecret: try sk.sharedSecret(with: header.ephemeral),
                               ephemeral: header.ephemeral, recipient: header.recipient)
        let body = Array(header.encoded.dropLast(SealedModelFormat.headerTagSize))
        let ok = keys.headerKey.withUnsafeBytes { key in
            HMAC<SHA256>.isValidAuthenticationCode(header.tag, authenticating: body, using: SymmetricKey(data: key))
        }
        guard ok else { throw .headerAuthenticationFailed }
        guard fileSize >= header.sealedFileSize else { throw .truncated(expected: header.sealedFileSize, actual: fileSize) }
        guard fileSize == header.sealedFileSize else { throw .trailingData(expected: header.sealedFileSize, actual: fileSize) }
        return keys
    }

    /// Checks the key and the header only (fast): what a node does before accepting an sk.
    public func verifyKey(_ sk: ModelSecretKey) throws(SealingError) {
        _ = try authenticate(with: sk)
    }

    /// Decrypts the whole model into memory and verifies it against the manifest and modelH.
    /// Memory: the model's size plus a few tags; no plaintext touches disk.
    public func decrypt(with sk: ModelSecretKey, progress: SealProgress? = nil) throws(SealingError) -> DecryptedModel {
        let model = DecryptedModel(header: header)
        let base = UncheckedPointer(model.mutableBase)
        let chunkSize = header.chunkSize
        try run(with: sk, progress: progress, plaintextAt: { index, _ in base.pointer + index * chunkSize }, deliver: nil)
        return model
    }

    /// Decrypts the whole model into `destination`, memory the caller owns of exactly
    /// ``SealedModelHeader/plaintextSize`` bytes (the node: an in-memory file the engine maps), and
    /// verifies it against the manifest and modelH. On any failure the destination is zeroed, so
    /// no partial or unverified plaintext is ever left for use.
    public func decrypt(with sk: ModelSecretKey, into destination: UnsafeMutableRawBufferPointer,
                        progress: SealProgress? = nil) throws(SealingError) {
        guard UInt64(destination.count) == header.plaintextSize, let start = destination.baseAddress else {
            throw .destinationSize(expected: header.plaintextSize, actual: destination.count)
        }
        let base = UncheckedPointer(start)
        let chunkSize = header.chunkSize
        do {
            try run(with: sk, progress: progress, plaintextAt: { index, _ in base.pointer + index * chunkSize }, deliver: nil)
        } catch {
            SecretBytes.wipe(start, destination.count)
            throw error
        }
    }

    /// Decrypts into `output` (a file for a single-file model, a directory otherwise; it must not
    /// exist), written under a temporary name and renamed once every check passed. Files get mode
    /// 0600: they are the confidential weights.
    public func unseal(with sk: ModelSecretKey, to output: String, progress: SealProgress? = nil) throws(SealingError) {
        let out = try AtomicOutput(destination: output, directory: header.layout == .directory)
        var files = [FileDescriptor]()
        for entry in header.manifest.entries {
            files.append(try out.createFile(relativePath: header.layout == .directory ? entry.path : nil, mode: 0o600))
        }
        let layout = PlaintextLayout(manifest: header.manifest)
        let window = 2 * workers + 2
        let chunkSize = header.chunkSize
        let buffers = UnsafeMutableRawBufferPointer.allocate(byteCount: window * chunkSize, alignment: 4096)
        defer {
            SecretBytes.wipe(buffers.baseAddress!, buffers.count)
            buffers.deallocate()
        }
        let base = UncheckedPointer(buffers.baseAddress!)
        let written = files
        try run(with: sk, progress: progress, window: window, plaintextAt: { _, slot in base.pointer + slot * chunkSize },
                deliver: { index, plaintext throws(SealingError) in
            for s in layout.segments(offset: UInt64(index) * UInt64(chunkSize), count: plaintext.count) {
                try written[s.file].write(UnsafeRawBufferPointer(rebasing: plaintext[s.bufferOffset..<(s.bufferOffset + s.count)]), at: s.fileOffset)
            }
        })
        try out.commit(syncing: files)
    }

    /// The decryption pipeline: workers read each chunk's ciphertext straight to where its
    /// plaintext goes, open it in place and hand it to `deliver`; this thread hashes the plaintext
    /// in order and compares each file's digest with the manifest.
    private func run(with sk: ModelSecretKey, progress: SealProgress?, window: Int? = nil,
                     plaintextAt: @escaping @Sendable (_ index: Int, _ slot: Int) -> UnsafeMutableRawPointer,
                     deliver: (@Sendable (_ index: Int, _ plaintext: UnsafeRawBufferPointer) throws(SealingError) -> Void)?) throws(SealingError) {
        let keys = try authenticate(with: sk)
        let header = self.header
        let cipher = try ChunkCipher(key: keys.contentKey, noncePrefix: keys.noncePrefix,
                                     associatedData: header.chunkAssociatedData)
        let count = header.chunkCount
        let window = window ?? 2 * workers + 2
        let tags = UnsafeMutableRawBufferPointer.allocate(byteCount: window * SealedModelFormat.chunkTagSize, alignment: 16)
        defer { tags.deallocate() }
        let tagBase = UncheckedPointer(tags.baseAddress!)
        let fd = self.fd
        let layout = PlaintextLayout(manifest: header.manifest)
        var hashers = [SHA256](repeating: SHA256(), count: layout.files.count)
        var verified = [Bool](repeating: false, count: layout.files.count)
        let total = header.plaintextSize
        let chunkSize = header.chunkSize

        func finish(_ file: Int, _ hasher: SHA256) throws(SealingError) {
            let digest = Array(hasher.finalize())
            let entry = header.manifest.entries[file]
            guard digest == entry.sha256 else {
                throw .contentHashMismatch(path: entry.path, expected: Hex.encode(entry.sha256), actual: Hex.encode(digest))
            }
            verified[file] = true
        }

        // This thread hashes (one sequential SHA-256 stream per file); decryption at ~5 GB/s per core
        // outruns it with one core fewer.
        try ChunkPipeline(count: count, window: window).run(workers: max(1, workers - 1), work: { index, slot throws(SealingError) in
            let n = header.plaintextCount(ofChunk: index)
            let plaintext = UnsafeMutableRawBufferPointer(start: plaintextAt(index, slot), count: n)
            let tag = UnsafeMutableRawBufferPointer(start: tagBase.pointer + slot * SealedModelFormat.chunkTagSize, count: SealedModelFormat.chunkTagSize)
            let got = try fd.read(into: plaintext, tag, at: header.offset(ofChunk: index))
            let expected = n + SealedModelFormat.chunkTagSize
            guard got == expected else {
                throw .truncated(expected: header.sealedFileSize, actual: header.offset(ofChunk: index) + UInt64(got))
            }
            guard cipher.open(plaintext, tag: tag.baseAddress!, index: index, last: index == count - 1) else {
                throw .chunkAuthenticationFailed(index: index, count: count)
            }
            try deliver?(index, UnsafeRawBufferPointer(plaintext))
        }, consume: { index, slot throws(SealingError) in
            let n = header.plaintextCount(ofChunk: index)
            let start = plaintextAt(index, slot)
            for s in layout.segments(offset: UInt64(index) * UInt64(chunkSize), count: n) {
                hashers[s.file].update(bufferPointer: UnsafeRawBufferPointer(start: start + s.bufferOffset, count: s.count))
                if s.fileOffset + UInt64(s.count) == layout.files[s.file].size { try finish(s.file, hashers[s.file]) }
            }
            progress?(.decrypting, min(UInt64(index + 1) * UInt64(chunkSize), total), total)
        })
        for i in 0..<layout.files.count where !verified[i] { try finish(i, hashers[i]) }
    }
}
