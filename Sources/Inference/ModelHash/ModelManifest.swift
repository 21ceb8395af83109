import Crypto
import Foundation

/// The canonical description of a model's files, whose SHA-256 is the model hash (modelH, DESIGN.md).
///
/// The manifest lists every regular file of the model with its path relative to the model root,
/// its size and its SHA-256. Its canonical bytes are one line per file, sorted by the UTF-8 bytes
/// of the path:
///
///     <relative path>\t<size in decimal>\t<sha256 lowercase hex>\n
///
/// Paths use `/` separators and contain no tab or newline (such names are refused). A single file
/// (a GGUF) is a model whose only entry is its file name. Because only names, sizes and plaintext
/// digests enter the hash, a model directory and its sealed (encrypted) form, which records the
/// same manifest, have the same modelH.
public struct ModelManifest: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var size: UInt64
        public var sha256: [UInt8]

        public init(path: String, size: UInt64, sha256: [UInt8]) {
            self.path = path
            self.size = size
            self.sha256 = sha256
        }
    }

    /// Entries sorted by the UTF-8 bytes of their paths.
    public let entries: [Entry]

    /// Sorts `entries`; refuses duplicate paths and paths the line format cannot carry.
    public init(entries: [Entry]) throws(ModelManifestError) {
        let sorted = entries.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
        for (i, e) in sorted.enumerated() {
            guard !e.path.isEmpty, !e.path.contains("\t"), !e.path.contains("\n"), !e.path.hasPrefix("/") else {
                throw .unrepresentablePath(e.path)
            }
            guard e.sha256.count == 32 else { throw .badDigest(path: e.path, count: e.sha256.count) }
            if i > 0, sorted[i - 1].path == e.path { throw .duplicatePath(e.path) }
        }
        guard !sorted.isEmpty else { throw .empty }
        self.entries = sorted
    }

    /// The canonical bytes (see the type's documentation).
    public var canonicalBytes: [UInt8] {
        var out = [UInt8]()
        for e in entries {
            out += Array(e.path.utf8)
            out.append(0x09)
            out += Array(String(e.size).utf8)
            out.append(0x09)
            out += Array(ModelHash.hex(e.sha256).utf8)
            out.append(0x0a)
        }
        return out
    }

    /// modelH: SHA-256 of the canonical bytes.
    public var modelHash: ModelHash { ModelHash(bytes: Array(SHA256.hash(data: canonicalBytes))) }

    /// The manifest of a model file or directory, hashing each file in 4 MiB chunks so that
    /// memory stays flat however large the weights are. Directories are walked recursively;
    /// symbolic links are refused (they would let a file outside the model change its hash).
    public static func of(path: String) throws(ModelManifestError) -> ModelManifest {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path) }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if !isDirectory.boolValue {
            return try ModelManifest(entries: [try entry(file: url.path, relativePath: url.lastPathComponent)])
        }
        var entries = [Entry]()
        guard let walker = FileManager.default.enumerator(atPath: url.path) else { throw .unreadable(path: path, reason: "cannot list the directory") }
        while let relative = walker.nextObject() as? String {
            let full = url.path + "/" + relative
            let attributes: [FileAttributeKey: Any]
            do { attributes = try FileManager.default.attributesOfItem(atPath: full) } catch {
                throw .unreadable(path: full, reason: "\(error)")
            }
            let type = attributes[.type] as? FileAttributeType
            if type == .typeDirectory { continue }
            guard type == .typeRegular else { throw .notRegularFile(relative) }
            entries.append(try entry(file: full, relativePath: relative))
        }
        return try ModelManifest(entries: entries)
    }

    /// Size and streamed SHA-256 of one file.
    static func entry(file: String, relativePath: String) throws(ModelManifestError) -> Entry {
        guard let handle = FileHandle(forReadingAtPath: file) else { throw .unreadable(path: file, reason: "cannot open for reading") }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: UInt64 = 0
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 4 << 20) ?? Data() } catch {
                throw .unreadable(path: file, reason: "\(error)")
            }
            if chunk.isEmpty { break }
            size += UInt64(chunk.count)
            hasher.update(data: chunk)
        }
        return Entry(path: relativePath, size: size, sha256: Array(hasher.finalize()))
    }
}

/// Why a model's manifest could not be built.
public enum ModelManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    case unreadable(path: String, reason: String)
    case notRegularFile(String)
    case unrepresentablePath(String)
    case duplicatePath(String)
    case badDigest(path: String, count: Int)
    case empty

    public var description: String {
        switch self {
        case .notFound(let p): "model path \(p) does not exist: expected a model file or directory"
        case let .unreadable(p, r): "cannot read \(p): \(r)"
        case .notRegularFile(let p): "\(p) in the model directory is not a regular file (symbolic links and devices are refused)"
        case .unrepresentablePath(let p): "model file path '\(p)' cannot enter the manifest: expected a non-empty relative path without tab or newline"
        case .duplicatePath(let p): "model file path \(p) appears twice in the manifest"
        case let .badDigest(p, n): "digest of \(p) is \(n) bytes, expected 32 (SHA-256)"
        case .empty: "the model has no files: expected at least one"
        }
    }
}
