import ArgumentParser
import Foundation
import Inference
import Logging
import ModelCache
import Node

/// `dcml bench backend`: the cost of the node in backend mode, measured against the same
/// llama.cpp server direct, in one run. Both paths are driven by the same OpenAI streaming
/// client (the backend engine itself), one request at a time, alternating which path goes
/// first each round so drift in the server affects both alike.
struct BenchBackendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backend",
        abstract: "Throughput and time to first token: llama.cpp direct vs the node in front of it."
    )

    @Option(help: "An OpenAI-compatible server to measure (default: start llama.cpp through xllamacpp on --model).")
    var upstream: String?

    @Option(help: "GGUF model for the llama.cpp server this command starts (default: the default model).")
    var model: String?

    @Option(help: "llama.cpp compute threads.")
    var threads = 1

    @Option(help: "llama.cpp context length.")
    var contextLength = 2048

    @Option(help: "Measured streaming requests per path.")
    var requests = 20

    @Option(help: "Unmeasured requests per path first.")
    var warmup = 2

    @Option(help: "Tokens generated per request.")
    var maxTokens = 64

    func validate() throws {
        guard requests >= 1, warmup >= 0, maxTokens >= 1, threads >= 1 else {
            throw ValidationError("--requests, --max-tokens and --threads must be at least 1, --warmup at least 0")
        }
    }

    func run() async throws {
        var logger = Logger(label: "dcml.bench")
        logger.logLevel = .warning
        let server = try upstream.map { ($0, nil) } ?? startLlamaServer()
        defer { server.1?.terminate() }

        let direct = try await OpenAIBackendEngine.connect(.init(baseURL: server.0))
        let node = Node(engine: direct, configuration: .init(port: 0), logger: logger)
        let (ports, portSource) = AsyncStream.makeStream(of: Int.self)
        let app = node.application { portSource.yield($0) }
        let serving = Task { try await app.run() }
        defer { serving.cancel() }
        guard let port = await ports.first(where: { _ in true }) else { throw ValidationError("the node did not start") }
        let viaNode = OpenAIBackendEngine(
            configuration: .init(baseURL: "http://127.0.0.1:\(port)"),
            upstreamModel: direct.modelID, contextLength: direct.contextLength)

        let request = GenerationRequest(
            prompt: .chat([ChatMessage(role: "user", content: "Write a long story about a lighthouse keeper and the sea.")]),
            maxTokens: maxTokens, sampling: .init(temperature: 0))
        print("model \(direct.modelID), \(requests) streaming requests of \(maxTokens) tokens per path, llama.cpp at \(server.0)")

        var directRuns: [Measurement] = [], nodeRuns: [Measurement] = []
        for round in 0..<(warmup + requests) {
            // Alternate the order so neither path always runs on a warmer server.
            let pair: [(OpenAIBackendEngine, Bool)] = round.isMultiple(of: 2) ? [(direct, true), (viaNode, false)] : [(viaNode, false), (direct, true)]
            for (engine, isDirect) in pair {
                let measurement = try await Measurement.take(engine, request)
                guard round >= warmup else { continue }
                if isDirect { directRuns.append(measurement) } else { nodeRuns.append(measurement) }
            }
        }
        report(direct: Summary(directRuns), node: Summary(nodeRuns))
    }

    private func report(direct: Summary, node: Summary) {
        func row(_ name: String, _ s: Summary) -> String {
            "\(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(format(s.tokensPerSecond, 1).leftPad(9)) tok/s   TTFT p50 \(format(s.ttftP50 * 1000, 2).leftPad(8)) ms   p90 \(format(s.ttftP90 * 1000, 2).leftPad(8)) ms   (\(s.tokens) tokens)"
        }
        print(row("llama.cpp direct", direct))
        print(row("node (backend mode)", node))
        let ratio = node.tokensPerSecond / direct.tokensPerSecond
        let added = (node.ttftP50 - direct.ttftP50) * 1000
        print("throughput ratio \(format(ratio, 3))x (target >= 0.98x), added TTFT p50 \(format(added, 2)) ms (target <= 2 ms)")
    }

    private func format(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// Starts llama.cpp's server in a python child on a free loopback port and waits for it to
    /// print the port (it does so once the model is loaded).
    private func startLlamaServer() throws -> (String, Process?) {
        let modelPath = try model ?? ModelCache.default.ensure(.smolLM2) { line in
            FileHandle.standardError.write(Data("\(line)\n".utf8))
        }.path
        let script = """
            import socket, sys, os, xllamacpp
            s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
            p = xllamacpp.CommonParams()
            p.model.path = sys.argv[1]; p.n_ctx = int(sys.argv[2]); p.cpuparams.n_threads = int(sys.argv[3])
            p.port = port; p.hostnames = ["127.0.0.1"]
            server = xllamacpp.Server(p)
            print(port, flush=True)
            sys.stdin.read()
            os._exit(0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, modelPath, String(contextLength), String(threads)]
        var environment = ProcessInfo.processInfo.environment
        // The same pinned llama.cpp build the tests use, pip-installed once into the cache.
        environment["PYTHONPATH"] = try PythonPackages.ensure(PythonPackages.xllamacpp).path
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try stdout.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            throw ValidationError("llama.cpp (\(PythonPackages.xllamacpp)) did not start on \(modelPath); pass --upstream URL to measure a running server")
        }
        return ("http://127.0.0.1:\(port)", process)
    }
}

/// One streamed request as a client sees it.
private struct Measurement {
    var timeToFirstToken: Double
    var duration: Double
    var tokens: Int

    static func take(_ engine: OpenAIBackendEngine, _ request: GenerationRequest) async throws -> Measurement {
        let clock = ContinuousClock()
        let start = clock.now
        var first: ContinuousClock.Instant?
        var tokens = 0
        for try await event in try await engine.generate(request) {
            switch event {
            case .text: if first == nil { first = clock.now }
            case .finished(_, let usage): tokens = usage.completionTokens
            }
        }
        let end = clock.now
        return Measurement(timeToFirstToken: ((first ?? end) - start).seconds, duration: (end - start).seconds, tokens: tokens)
    }
}

private struct Summary {
    var tokensPerSecond: Double
    var ttftP50: Double
    var ttftP90: Double
    var tokens: Int

    init(_ runs: [Measurement]) {
        tokens = runs.reduce(0) { $0 + $1.tokens }
        tokensPerSecond = Double(tokens) / runs.reduce(0) { $0 + $1.duration }
        let ttfts = runs.map(\.timeToFirstToken).sorted()
        ttftP50 = ttfts[ttfts.count / 2]
        ttftP90 = ttfts[min(ttfts.count - 1, ttfts.count * 9 / 10)]
    }
}

private extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

private extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
