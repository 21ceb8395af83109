import Foundation
import NearLightClient
import TestSupport

/// `dcml devnet` in a child process on a temporary data directory and a free port: the chain
/// and its WasmKit contract runtime (with its process-wide signal handler) stay out of the test
/// process, and the tests reach it only through NEAR's JSON-RPC, as any client would.
final class DevnetProcess: @unchecked Sendable {
    let directory: URL
    let rpcURL: String
    /// The genesis' funded account (`test.near`), whose key the devnet wrote into the directory.
    let funded: KeyFile
    private let process: Process

    /// Starts the devnet producing a block every `blockInterval` and waits for its
    /// "devnet listening on http://HOST:PORT" line.
    init(blockInterval: Duration = .milliseconds(100), timeout: Duration = .seconds(60)) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dcml-devnet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let milliseconds = blockInterval.components.seconds * 1000 + blockInterval.components.attoseconds / 1_000_000_000_000_000
        // A shell minds the devnet: it stops it when asked (SIGTERM, from `stop()`) and also
        // when the test process has died without asking, so no chain outlives its tests.
        process.arguments = [
            "-c", #""$0" "$@" & devnet=$!; trap 'kill $devnet; wait $devnet; exit' TERM; "#
                + #"while kill -0 $PPID 2>/dev/null && kill -0 $devnet 2>/dev/null; do sleep 1; done; kill $devnet 2>/dev/null"#,
            DCMLExecutable.url.path, "devnet", "--data", directory.path, "--port", "0", "--block-interval", "\(milliseconds)",
        ]
        let stdout = Pipe()
        process.standardOutput = stdout
        // The devnet's log, kept for a failing test's post-mortem while the directory exists.
        let log = directory.appendingPathComponent("devnet.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        do {
            try process.run()
            rpcURL = try Self.listeningURL(stdout.fileHandleForReading, timeout: timeout, executable: DCMLExecutable.url.path)
            funded = try JSONDecoder().decode(KeyFile.self, from: Data(contentsOf: directory.appendingPathComponent("test.near.json")))
        } catch {
            if process.isRunning { process.terminate() }
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Stops the chain and removes its directory.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    /// Reads stdout until the "listening" line; afterwards keeps draining it (a full pipe would
    /// block the devnet) on the same background thread.
    private static func listeningURL(_ output: FileHandle, timeout: Duration, executable: String) throws -> String {
        let found = DispatchSemaphore(value: 0)
        let box = LineBox()
        Thread.detachNewThread {
            var text = ""
            while true {
                let data = output.availableData
                guard !data.isEmpty else { break }
                guard box.url == nil else { continue }
                text += String(decoding: data, as: UTF8.self)
                if let range = text.range(of: "devnet listening on "), let end = text[range.upperBound...].firstIndex(of: "\n") {
                    box.url = String(text[range.upperBound..<end])
                    found.signal()
                }
            }
            box.output = text
            found.signal()
        }
        let seconds = Double(timeout.components.seconds)
        guard found.wait(timeout: .now() + seconds) == .success, let url = box.url else {
            throw DevnetFailure("`\(executable) devnet` did not print \"devnet listening on …\" within \(timeout); its output: \(box.output.prefix(500))")
        }
        return url
    }

    /// Hands the URL from the reading thread to the caller (the semaphore orders the accesses).
    private final class LineBox: @unchecked Sendable {
        var url: String?
        var output = ""
    }
}

struct DevnetFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
