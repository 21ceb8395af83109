import Crypto
import Inference

/// Builds a model's manifest from its plaintext stream fed in order, chunk by chunk: one SHA-256
/// per file, fed the pieces of each chunk that belong to it (``PlaintextLayout``). The sequential
/// part of sealing and hashing; everything else runs on worker threads.
struct ManifestAccumulator {
    let layout: PlaintextLayout
    private var hashers: [SHA256]
    private var digests: [[UInt8]?]

    init(layout: PlaintextLayout) {
        self.layout = layout
        hashers = [SHA256](repeating: SHA256(), count: layout.files.count)
        digests = [[UInt8]?](repeating: nil, count: layout.files.count)
    }

    /// Feeds stream bytes starting at `offset`.
    mutating func update(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) {
        for s in layout.segments(offset: offset, count: bytes.count) {
            hashers[s.file].update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[s.bufferOffset..<(s.bufferOffset + s.count)]))
            if s.fileOffset + UInt64(s.count) == layout.files[s.file].size { digests[s.file] = Array(hashers[s.file].finalize()) }
        }
    }

    /// The manifest, once every byte was fed.
    func manifest() throws(SealingError) -> ModelManifest {
        var entries = [ModelManifest.Entry]()
        for (i, f) in layout.files.enumerated() {
            entries.append(.init(path: f.path, size: f.size, sha256: digests[i] ?? Array(hashers[i].finalize())))
        }
        do { return try ModelManifest(entries: entries) } catch { throw .manifest(error.description) }
    }
}
