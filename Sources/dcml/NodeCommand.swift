import ArgumentParser
import Foundation
import Inference
import Logging
import ModelCache
import Node

/// `dcml node`: serves the OpenAI-compatible API from the embedded CPU engine, or in front of
/// an OpenAI-compatible backend (`--backend`), until SIGINT or SIGTERM; then it stops
/// accepting connections, lets running requests finish, and exits.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Serve an OpenAI-compatible API from the embedded engine or a backend server."
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port).")
    var port = 8000

    @Option(help: "GGUF model for the embedded engine (default: the default model, installed and verified on first use).")
    var model: String?

    @Option(help: "Forward to this OpenAI-compatible server instead (vLLM, llama.cpp server), e.g. http://127.0.0.1:8080.")
    var backend: String?

    @Option(help: "Model id to report in backend mode (default: the backend's own).")
    var servedModelName: String?

    @Option(help: "Compute threads of the embedded engine.")
    var threads = 2

    @Option(help: "Sequences the embedded engine decodes together.")
    var maxBatch = 16

    @Option(help: "Requests that may wait for a slot before new ones get 429.")
    var queue = 64

    @Option(help: "Context length cap of the embedded engine (default: the model's).")
    var contextLength: Int?

    @Option(help: "Largest request body accepted, in bytes.")
    var maxBodyBytes = 1 << 20

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a TCP port (0 to 65535)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard maxBatch >= 1 else { throw ValidationError("--max-batch must be at least 1, got \(maxBatch)") }
        guard queue >= 0 else { throw ValidationError("--queue must be 0 or more, got \(queue)") }
        guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024, got \(maxBodyBytes)") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel) is not one of trace, debug, info, notice, warning, error, critical") }
        if backend != nil, model != nil { throw ValidationError("--model and --backend exclude each other: the backend serves its own model") }
    }

    func run() async throws {
        var logger = Logger(label: "dcml.node")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info

        let engine: any InferenceEngine
        let shutdownEngine: @Sendable () -> Void
        if let backend {
            logger.info("asking the backend \(backend) which model it serves")
            engine = try await OpenAIBackendEngine.connect(.init(baseURL: backend, modelID: servedModelName))
            shutdownEngine = {}
        } else {
            let local = try makeLocalEngine(logger: logger)
            engine = local.engine
            shutdownEngine = local.shutdown
        }

        let node = Node(
            engine: engine,
            configuration: NodeConfiguration(host: host, port: port, maxBodyBytes: maxBodyBytes),
            logger: logger
        )
        let host = self.host
        let listeningLogger = logger
        let backendDescription = backend.map { "backend \($0)" } ?? "embedded engine, \(threads) threads"
        try await node.application { port in
            listeningLogger.info("serving \(engine.modelID) (\(backendDescription), context \(engine.contextLength)) at http://\(host):\(port)/v1")
        }.runService()
        shutdownEngine()
        logger.info("stopped")
    }

    /// The default model is installed into the cache and verified on first use, with progress
    /// on stderr, so `dcml node` alone is enough on a fresh machine.
    private func modelPath(logger: Logger) throws -> String {
        if let model { return model }
        return try ModelCache.default.ensure(.smolLM2) { line in
            FileHandle.standardError.write(Data("\(line)\n".utf8))
        }.path
    }

    #if DCML_NO_LOCAL_ENGINE
    private func makeLocalEngine(logger: Logger) throws -> (engine: any InferenceEngine, shutdown: @Sendable () -> Void) {
        throw ValidationError("this build has no embedded engine; pass --backend URL")
    }
    #else
    private func makeLocalEngine(logger: Logger) throws -> (engine: any InferenceEngine, shutdown: @Sendable () -> Void) {
        let path = try modelPath(logger: logger)
        logger.info("loading \(path)")
        let engine = try LocalEngine(
            modelPath: path,
            configuration: .init(threads: threads, maxBatch: maxBatch, queueCapacity: queue, contextLength: contextLength)
        )
        return (engine, { engine.shutdown() })
    }
    #endif
}
