/// The sealed-model file format, version 1 (DESIGN.md, "Encrypted model"; paper §4).
///
/// A sealed file is a header followed by the model's bytes encrypted as AES-256-GCM chunks in the
/// STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015). All integers are big-endian.
///
///     offset     size  field
///     0          8     magic "DCMLSEAL"
///     8          2     format version (1)
///     10         1     cipher suite (1: X25519, HKDF-SHA256, AES-256-GCM STREAM)
///     11         1     layout (0: one model file, 1: a model directory)
///     12         4     chunk size C in bytes (plaintext bytes per chunk)
///     16         8     plaintext size P (the sum of the manifest's file sizes)
///     24         32    recipient X25519 public key (the model's pk)
///     56         32    ephemeral X25519 public key (fresh per file)
///     88         32    modelH: SHA-256 of the manifest below
///     120        4     manifest length M
///     124        M     the canonical manifest (``ModelManifest``), in plaintext
///     124+M      32    header tag: HMAC-SHA256(header key, bytes 0 ..< 124+M)
///     156+M      ...   chunks
///
/// There are N = max(1, ceil(P / C)) chunks; chunk i holds plaintext bytes i·C ..< min((i+1)·C, P)
/// as ciphertext followed by its 16-byte GCM tag, so the file is exactly 156 + M + P + 16·N bytes.
/// A directory's plaintext is the concatenation of its files in manifest order; the manifest sizes
/// give the boundaries, so nothing else is stored.
///
/// Keys: the sealer draws an ephemeral X25519 key e and computes s = X25519(e, pk); HKDF-SHA256 with
/// salt = ephemeral pk ‖ recipient pk and info "dcml-sealed-model v1 keys" expands s into the 32-byte
/// content key, the 32-byte header key and a 7-byte nonce prefix. Only the holder of sk can derive
/// them; every file has its own keys, so chunks cannot be spliced between files.
///
/// Chunk i is sealed with nonce = prefix(7) ‖ i as UInt32 (4) ‖ last flag (1: 0x01 for chunk N-1,
/// else 0x00), and associated data = SHA-256(header bytes 0 ..< 88: every field up to and including
/// the ephemeral key). The manifest and modelH are authenticated by the header tag, which a reader
/// verifies before it decrypts anything; leaving them out of the chunks' associated data lets the
/// sealer hash and encrypt in one pass (the manifest is known only at the end) with the same
/// guarantees: no header byte can change without the keys, and chunks are bound to their file by
/// its own keys and to their position by the nonce. Moving, dropping,
/// duplicating or replacing a chunk changes its nonce or key and fails its tag; cutting the file
/// after a full chunk is caught both by the size the header fixes and by the last-chunk flag.
public enum SealedModelFormat {
    public static let magic: [UInt8] = Array("DCMLSEAL".utf8)
    public static let version: UInt16 = 1
    public static let suite: UInt8 = 1
    /// Bytes before the manifest.
    public static let fixedHeaderSize = 124
    /// Header bytes bound into every chunk as associated data (magic through ephemeral key).
    public static let boundHeaderSize = 88
    public static let headerTagSize = 32
    public static let chunkTagSize = 16
    public static let noncePrefixSize = 7
    /// 1 MiB: large enough that per-chunk costs vanish, small enough to bound memory.
    public static let defaultChunkSize = 1 << 20
    /// Chunks may be as small as 16 bytes (tests) and as large as 64 MiB (memory bound).
    public static let chunkSizeRange = 16...(64 << 20)
    /// The manifest of a model with even tens of thousands of files fits.
    public static let maxManifestSize = 16 << 20
    /// The counter is 32 bits wide.
    public static let maxChunkCount = UInt64(UInt32.max)
    static let keyInfo = Array("dcml-sealed-model v1 keys".utf8)

    /// How the model's files were laid out before sealing.
    public enum Layout: UInt8, Sendable {
        case file = 0
        case directory = 1
    }
}
