import Inference

/// A model decrypted into memory by ``SealedModelReader/decrypt(with:progress:)``: the weights,
/// verified against the manifest and its modelH, never written to disk.
///
/// The plaintext is the model's confidential asset, so the buffer is zeroed when the last
/// reference goes away (a pass over the whole model: about 0.1 s per GB). It is not locked in
/// RAM; inside a TDX CVM memory is encrypted by the hardware, swap should be off.
public final class DecryptedModel: @unchecked Sendable {
    public let header: SealedModelHeader
    /// The files concatenated in manifest order; valid only while `self` is alive, hence private
    /// (Swift may release an object right after its last use: use ``withUnsafeBytes(_:)``).
    private let bytes: UnsafeRawBufferPointer
    private let storage: UnsafeMutableRawBufferPointer
    private let layout: PlaintextLayout

    public var manifest: ModelManifest { header.manifest }
    /// Verified: the bytes hash to the manifest, which hashes to this.
    public var modelHash: ModelHash { header.modelHash }

    init(header: SealedModelHeader) {
        self.header = header
        layout = PlaintextLayout(manifest: header.manifest)
        storage = .allocate(byteCount: max(1, Int(header.plaintextSize)), alignment: 4096)
        bytes = UnsafeRawBufferPointer(rebasing: storage[0..<Int(header.plaintextSize)])
    }

    var mutableBase: UnsafeMutableRawPointer { storage.baseAddress! }

    /// Plaintext bytes (all files concatenated in manifest order).
    public var count: Int { bytes.count }

    /// The whole plaintext, all files concatenated in manifest order. Do not let the pointer escape.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try withExtendedLifetime(self) { () throws(E) -> R in try body(bytes) }
    }

    /// One file's bytes, by its manifest path (for a single-file model, its file name); nil when
    /// the model has no such file.
    public func withFile<R, E: Error>(_ path: String, _ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R? {
        guard let f = layout.files.first(where: { $0.path == path }) else { return nil }
        return try withExtendedLifetime(self) { () throws(E) -> R in
            try body(UnsafeRawBufferPointer(rebasing: bytes[Int(f.start)..<Int(f.start + f.size)]))
        }
    }

    deinit {
        SecretBytes.wipe(storage.baseAddress!, storage.count)
        storage.deallocate()
    }
}
