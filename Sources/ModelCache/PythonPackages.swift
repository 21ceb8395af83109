import Foundation

/// Python tools used as oracles, real clients and benchmark peers (llama.cpp through xllamacpp, the
/// official `openai` package). Each requirement is pip-installed once into its own folder of
/// the DCML cache and used through PYTHONPATH, so nothing depends on what the machine had.
public enum PythonPackages {
    public static let xllamacpp = "xllamacpp==2026.10.11549"
    public static let openai = "openai"

    /// Returns the folder to put on PYTHONPATH for `requirement`, installing it if needed.
    public static func ensure(_ requirement: String) throws -> URL {
        let safe = requirement.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" }
        let dir = ModelCache.default.directory.appendingPathComponent("python").appendingPathComponent(String(safe))
        let done = dir.appendingPathComponent(".installed")
        try FileManager.default.createDirectory(at: dir.deletingLastPathComponent(), withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: done.path) { return dir }
        let staging = dir.deletingLastPathComponent().appendingPathComponent(".staging-\(ProcessInfo.processInfo.processIdentifier)-\(safe)")
        try? FileManager.default.removeItem(at: staging)
        let status = try run(["python3", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              "--target", staging.path, requirement], environment: [:]).status
        guard status == 0 else { throw PythonError.installFailed(requirement, status) }
        FileManager.default.createFile(atPath: staging.appendingPathComponent(".installed").path, contents: Data())
        // Another process may have won the race; either copy is complete.
        if rename(staging.path, dir.path) != 0 { try? FileManager.default.removeItem(at: staging) }
        return dir
    }

    /// Runs `python3 -c script args...` with the given requirements importable; returns stdout.
    public static func run(script: String, arguments: [String] = [], requirements: [String]) throws -> String {
        let paths = try requirements.map { try ensure($0).path }
        let result = try run(["python3", "-c", script] + arguments, environment: ["PYTHONPATH": paths.joined(separator: ":")])
        guard result.status == 0 else { throw PythonError.scriptFailed(result.status, result.stderr) }
        return result.stdout
    }

    /// Starts a long-running python process (a server); the caller terminates it.
    public static func start(script: String, arguments: [String] = [], requirements: [String]) throws -> Process {
        let paths = try requirements.map { try ensure($0).path }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        var env = ProcessInfo.processInfo.environment
        env["PYTHONPATH"] = paths.joined(separator: ":")
        process.environment = env
        try process.run()
        return process
    }

    static func run(_ argv: [String], environment: [String: String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errReader.isFinished { usleep(1000) }
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

public enum PythonError: Error, CustomStringConvertible {
    case installFailed(String, Int32)
    case scriptFailed(Int32, String)

    public var description: String {
        switch self {
        case .installFailed(let r, let s): "pip install \(r) failed with exit code \(s)"
        case .scriptFailed(let s, let err): "python script failed with exit code \(s): \(err.suffix(2000))"
        }
    }
}
