import ArgumentParser
import Attestation
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

    @Option(help: "TEE: auto (a real TDX quote provider when present, else the simulated TEE), tdx, or simulated.")
    var tee = "auto"

    @Flag(help: "Serve plain HTTP instead of RA-TLS (development and throughput comparisons only: clients cannot verify the node).")
    var noTls = false

    @Option(help: "A modelH that load_model may switch to (repeatable; baked into app-compose). Default: any model.")
    var allowedModelHash: [String] = []

    @Option(help: "Backend mode: the model files (file or directory) the backend serves, so the node can state their modelH.")
    var modelFiles: String?

    @Option(help: "A sealed model (dcml model seal): the node starts, attests and answers 503 until set_sk brings its key, then decrypts it into memory and serves it.")
    var sealedModel: String?

    @Option(help: "The model hash (modelH) this node serves, baked into app-compose and so into the compose hash: the node refuses to start with other weights.")
    var modelHash: String?

    @Option(help: "Collateral for real peers' quotes when model keys move between nodes: a QuoteCollateralV3 JSON file or a directory of Intel PCS responses.")
    var peerCollateral: String?

    @OptionGroup(title: "Paid mode (paper §6)") var paid: PaidNodeOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a TCP port (0 to 65535)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard maxBatch >= 1 else { throw ValidationError("--max-batch must be at least 1, got \(maxBatch)") }
        guard queue >= 0 else { throw ValidationError("--queue must be 0 or more, got \(queue)") }
        guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024, got \(maxBodyBytes)") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel) is not one of trace, debug, info, notice, warning, error, critical") }
        if backend != nil, model != nil { throw ValidationError("--model and --backend exclude each other: the backend serves its own model") }
        guard ["auto", "tdx", "simulated"].contains(tee) else { throw ValidationError("--tee \(tee) is not one of auto, tdx, simulated") }
        for h in allowedModelHash where ModelHash(hex: h) == nil {
            throw ValidationError("--allowed-model-hash \(h) is not a modelH: expected 64 hex digits")
        }
        if let modelHash, ModelHash(hex: modelHash) == nil { throw ValidationError("--model-hash \(modelHash) is not a modelH: expected 64 hex digits") }
        if sealedModel != nil, model != nil || backend != nil {
            throw ValidationError("--sealed-model excludes --model and --backend: the node serves the sealed model's weights, decrypted into its embedded engine")
        }
    }

    func run() async throws {
        var logger = Logger(label: "dcml.node")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info

        // What the node will serve and its modelH, checked against app-compose before any weights
        // are opened (§9: a node started with other weights shuts down instead of serving).
        let start = try startModel(logger: logger)
        let policy = ModelHashPolicy(baked: modelHash.flatMap(ModelHash.init(hex:)), allowed: Set(allowedModelHash.compactMap(ModelHash.init(hex:))))
        try policy.checkStart(start.modelHash)

        let engine: any InferenceEngine
        var shutdownEngine: @Sendable () -> Void = {}
        switch start {
        case .backend:
            logger.info("asking the backend \(backend ?? "") which model it serves")
            engine = try await OpenAIBackendEngine.connect(.init(baseURL: backend ?? "", modelID: servedModelName))
        case .plaintext(let path, _):
            let local = try makeLocalEngine(path: path, logger: logger)
            engine = local.engine
            shutdownEngine = local.shutdown
        case .sealed(let sealed):
            engine = AwaitingKeyEngine(sealed: sealed)
        }

        // Identity at start: measure the workload, create the TLS and signing keys in memory.
        let provider = try quoteProvider(logger: logger)
        let compose = AppCompose(
            nodeBinarySHA256: Hex.encode(SimulatedMeasurements.runningBinaryDigest()), modelHash: (policy.baked ?? start.modelHash).hex,
            allowedModelHashes: allowedModelHash.map { $0.lowercased() }, engine: backend == nil ? "local" : "backend", backendURL: backend,
            payments: paid.deployment)
        let identity = try await NodeIdentity.establish(compose: compose, provider: provider)
        let payments = try await paid.start(identity: identity, provider: provider, logger: logger)

        let local = backend == nil
        let slot = ModelSlot(engine: engine, modelHash: start.modelHash, allowed: policy.loadable, loader: local ? makeLoader() : nil)
        let sealed = start.sealed
        let keyring = ModelKeyring(slot: slot, sealed: sealed, openMemory: local ? makeMemoryLoader() : nil)
        let peers = PeerPolicy(allowSimulated: identity.tee == .simulated, collateral: try peerCollateral.map { try StaticCollateralSource(contentsOf: $0) })
        let node = Node(
            engine: engine,
            configuration: NodeConfiguration(host: host, port: port, maxBodyBytes: maxBodyBytes, tls: !noTls, peers: peers),
            logger: logger,
            identity: identity,
            models: slot,
            payments: payments,
            keyring: keyring
        )
        let teeLine = identity.tee == .simulated ? "SIMULATED TEE (development only: not confidential)" : "TDX (\(provider.name))"
        logger.info("\(teeLine); compose hash \(Hex.encode(identity.composeHash)); modelH \(start.modelHash.hex); TLS SPKI SHA-256 \(Hex.encode(identity.tls.spkiSHA256))")
        let host = self.host
        let scheme = noTls ? "http" : "https"
        let listeningLogger = logger
        let composeHex = Hex.encode(identity.composeHash)
        let simulatedFlag = identity.tee == .simulated ? " --allow-simulated" : ""
        let backendDescription = backend.map { "backend \($0)" } ?? "embedded engine, \(threads) threads"
        try await node.application { port in
            if let sealed {
                listeningLogger.notice("waiting for the model key of \(sealed.path) (public key \(sealed.publicKey.hex)): seed it with `dcml model seed \(scheme)://\(host):\(port) --sk KEYFILE --expect-compose \(composeHex)\(simulatedFlag)`, or from an attested peer with request_sk")
            } else {
                listeningLogger.info("serving \(engine.modelID) (\(backendDescription), context \(engine.contextLength)) at \(scheme)://\(host):\(port)/v1")
            }
        }.runService()
        shutdownEngine()
        logger.info("stopped")
    }

    /// The weights the node starts with, known before anything is loaded.
    private enum StartModel {
        case backend(ModelHash)
        case plaintext(path: String, ModelHash)
        case sealed(SealedModel)

        var modelHash: ModelHash {
            switch self {
            case .backend(let h), .plaintext(_, let h): h
            case .sealed(let s): s.modelHash
            }
        }

        var sealed: SealedModel? {
            if case .sealed(let s) = self { return s }
            return nil
        }
    }

    private func startModel(logger: Logger) throws -> StartModel {
        if let sealedModel {
            let sealed = try SealedModel(path: sealedModel)
            logger.info("sealed model \(sealedModel): modelH \(sealed.modelHash.hex), sealed for public key \(sealed.publicKey.hex)")
            return .sealed(sealed)
        }
        if backend != nil {
            guard let modelFiles else {
                logger.warning("backend mode without --model-files: responses name the model as unidentified (modelH all zeros)")
                return .backend(.unidentified)
            }
            return .backend(try ModelManifest.of(path: modelFiles).modelHash)
        }
        let path = try modelPath(logger: logger)
        logger.info("computing modelH of \(path)")
        return .plaintext(path: path, try ModelManifest.of(path: path).modelHash)
    }

    /// The default model is installed into the cache and verified on first use, with progress
    /// on stderr, so `dcml node` alone is enough on a fresh machine.
    private func modelPath(logger: Logger) throws -> String {
        if let model { return model }
        return try ModelCache.default.ensure(.smolLM2) { line in
            FileHandle.standardError.write(Data("\(line)\n".utf8))
        }.path
    }

    /// The real TEE when one is present; the simulated TEE only when allowed (auto or simulated).
    private func quoteProvider(logger: Logger) throws -> any QuoteProvider {
        let provider = try QuoteProviders.detect(allowSimulated: tee != "tdx")
        if tee == "simulated", provider.tee != .simulated {
            logger.warning("--tee simulated: ignoring the real TEE (\(provider.name)) on this machine")
            return SimulatedQuoteProvider()
        }
        if provider.tee == .simulated {
            logger.warning("no TDX quote provider: running in the SIMULATED TEE; verifiers must pass --allow-simulated, and nothing is confidential")
        }
        return provider
    }

    private func makeLoader() -> ModelSlot.Loader? {
        let configuration = LocalEngine.Configuration(threads: threads, maxBatch: maxBatch, queueCapacity: queue, contextLength: contextLength)
        return { path in try LocalEngine(modelPath: path, configuration: configuration) }
    }

    /// Opens a decrypted sealed model (an in-memory GGUF) in the embedded engine.
    private func makeMemoryLoader() -> ModelSlot.MemoryLoader {
        let configuration = LocalEngine.Configuration(threads: threads, maxBatch: maxBatch, queueCapacity: queue, contextLength: contextLength)
        return { memory, modelID in try LocalEngine(memory: memory, modelID: modelID, configuration: configuration) }
    }

    private func makeLocalEngine(path: String, logger: Logger) throws -> (engine: any InferenceEngine, shutdown: @Sendable () -> Void) {
        logger.info("loading \(path)")
        let engine = try LocalEngine(
            modelPath: path,
            configuration: .init(threads: threads, maxBatch: maxBatch, queueCapacity: queue, contextLength: contextLength)
        )
        return (engine, { engine.shutdown() })
    }
}
