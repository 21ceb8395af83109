/// Why a model could not be sealed, inspected or unsealed. Each message says what was wrong and
/// what was expected.
public enum SealingError: Error, Sendable, Equatable, CustomStringConvertible {
    // Keys.
    case invalidPublicKey(String)
    case keyFileExists(String)
    case keyFileTooOpen(path: String, mode: UInt32)
    case malformedKeyFile(path: String, reason: String)
    /// The file was sealed for `sealedFor`; the secret key given belongs to `given`.
    case wrongKey(sealedFor: String, given: String)

    // Header.
    case notSealedModel(path: String)
    case headerTooShort(needed: Int, actual: Int)
    case unsupportedVersion(UInt16)
    case unsupportedSuite(UInt8)
    case unsupportedLayout(UInt8)
    case badChunkSize(Int)
    case manifestTooLarge(Int)
    case malformedManifest(String)
    case manifestHashMismatch(header: String, manifest: String)
    case plaintextSizeMismatch(header: UInt64, manifest: UInt64)
    case tooManyChunks(UInt64)
    case unsafeModelPath(String)
    /// The header tag does not verify under the key derived for this recipient.
    case headerAuthenticationFailed

    // Body.
    case truncated(expected: UInt64, actual: UInt64)
    case trailingData(expected: UInt64, actual: UInt64)
    case chunkAuthenticationFailed(index: Int, count: Int)
    /// The decrypted bytes authenticate but do not hash to what the manifest says: the sealer
    /// recorded a manifest that is not that of the content.
    case contentHashMismatch(path: String, expected: String, actual: String)

    // Files.
    case io(path: String, operation: String, errno: Int32)
    case outputExists(String)
    /// Memory handed to ``SealedModelReader/decrypt(with:into:progress:)`` is not the plaintext's size.
    case destinationSize(expected: UInt64, actual: Int)
    case inputChanged(String)
    case modelNotFound(String)
    case manifest(String)
    case cryptoFailure(String)

    public var description: String {
        switch self {
        case .invalidPublicKey(let s): "invalid public key '\(s.prefix(80))': expected 64 hex digits (an X25519 public key)"
        case .keyFileExists(let p): "key file \(p) already exists: refusing to overwrite a secret key (choose another path or remove it first)"
        case let .keyFileTooOpen(p, m): "key file \(p) has mode \(String(m & 0o777, radix: 8)): expected 0600 (readable by its owner only)"
        case let .malformedKeyFile(p, r): "key file \(p) is malformed: \(r); expected 64 hex digits (an X25519 secret key) and a newline"
        case let .wrongKey(sealedFor, given): "wrong key: the model was sealed for public key \(sealedFor), the secret key given belongs to \(given)"
        case .notSealedModel(let p): "\(p) is not a sealed model: expected the magic bytes DCMLSEAL at offset 0"
        case let .headerTooShort(n, a): "sealed header too short: \(a) bytes, expected at least \(n)"
        case .unsupportedVersion(let v): "unsupported sealed-model format version \(v): expected \(SealedModelFormat.version)"
        case .unsupportedSuite(let s): "unsupported cipher suite \(s): expected \(SealedModelFormat.suite) (X25519, HKDF-SHA256, AES-256-GCM STREAM)"
        case .unsupportedLayout(let l): "unsupported layout \(l): expected 0 (file) or 1 (directory)"
        case .badChunkSize(let c): "chunk size \(c) out of range: expected \(SealedModelFormat.chunkSizeRange.lowerBound)...\(SealedModelFormat.chunkSizeRange.upperBound) bytes"
        case .manifestTooLarge(let m): "manifest of \(m) bytes is too large: expected at most \(SealedModelFormat.maxManifestSize)"
        case .malformedManifest(let r): "malformed manifest (sealed header or manifest file): \(r)"
        case let .manifestHashMismatch(h, m): "header names modelH \(h) but its manifest hashes to \(m)"
        case let .plaintextSizeMismatch(h, m): "header says \(h) plaintext bytes but the manifest's files sum to \(m)"
        case .tooManyChunks(let n): "\(n) chunks exceed the 32-bit chunk counter: use a larger chunk size"
        case .unsafeModelPath(let p): "manifest path '\(p)' would leave the output directory: expected a relative path without '.', '..' or empty components"
        case .headerAuthenticationFailed: "the header failed authentication: it was modified after sealing (the key does match the recipient public key)"
        case let .truncated(e, a): "sealed file is truncated: \(a) bytes, the header requires \(e) (chunks were cut or dropped)"
        case let .trailingData(e, a): "sealed file has trailing data: \(a) bytes, the header requires \(e) (chunks were added or duplicated)"
        case let .chunkAuthenticationFailed(i, n): "chunk \(i) of \(n) failed authentication: it was modified, moved, duplicated, or taken from another sealed file"
        case let .contentHashMismatch(p, e, a): "decrypted \(p) has SHA-256 \(a), the manifest says \(e): the sealer recorded a manifest that does not match the content"
        case let .io(p, op, e): "\(op) \(p) failed: \(String(cString: strerror(e)))"
        case .outputExists(let p): "output \(p) already exists: expected a new path"
        case let .destinationSize(e, a): "decryption target of \(a) bytes: expected exactly the model's \(e) plaintext bytes"
        case .inputChanged(let p): "\(p) changed while it was being sealed: seal it again once it is stable"
        case .modelNotFound(let p): "model \(p) does not exist: expected a GGUF file or a model directory"
        case .manifest(let m): m
        case .cryptoFailure(let m): "cryptographic operation failed: \(m)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
