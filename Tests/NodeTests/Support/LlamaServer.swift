import Foundation
import TestSupport

/// The real llama.cpp server (through xllamacpp) on the default model, on an ephemeral
/// loopback port, shared by every test of the process. Small and fast on purpose: 1 thread,
/// 512 tokens of context. The child exits when this process does (it watches its stdin).
struct LlamaServer: @unchecked Sendable {
    let baseURL: String
    /// Held, never touched, so the stdin pipe's write end stays open while the tests run.
    private let child: Process

    static let contextLength = 512

    static func shared() async throws -> LlamaServer {
        try await instance.value
    }

    private static let instance = Task { try await start() }

    private static let script = """
        import socket, sys, threading, os, xllamacpp
        s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
        p = xllamacpp.CommonParams()
        p.model.path = sys.argv[1]
        p.n_ctx = int(sys.argv[2])
        p.cpuparams.n_threads = 1
        p.port = port
        p.hostnames = ["127.0.0.1"]
        server = xllamacpp.Server(p)
        print(port, flush=True)
        sys.stdin.read()
        os._exit(0)
        """

    private static func start() async throws -> LlamaServer {
        let model = try DefaultModelFixture.path()
        return try await blocking {
            // Started here rather than with `PythonPackages.start` to own its pipes: stdout
            // tells the port, stdin tells the child when this process is gone.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, model, String(contextLength)]
            var environment = ProcessInfo.processInfo.environment
            environment["PYTHONPATH"] = try PythonPackages.ensure(PythonPackages.xllamacpp).path
            process.environment = environment
            process.standardInput = Pipe()
            process.standardOutput = Pipe()
            process.standardError = FileHandle.nullDevice
            try process.run()
            let stdout = (process.standardOutput as! Pipe).fileHandleForReading
            var line = Data()
            while let byte = try stdout.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
                line.append(first)
            }
            guard let port = Int(String(decoding: line, as: UTF8.self)) else {
                throw LlamaServerError(description: "llama.cpp server did not start (printed \(String(decoding: line, as: UTF8.self)))")
            }
            return LlamaServer(baseURL: "http://127.0.0.1:\(port)", child: process)
        }
    }
}

struct LlamaServerError: Error, CustomStringConvertible {
    var description: String
}
