import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Inference
import Logging
import NIOCore
import NIOSSL

/// The node's OpenAI-compatible HTTP API in front of one `InferenceEngine`: the composition
/// root the `dcml node` command and the tests share.
///
/// ```swift
/// let node = Node(engine: engine, configuration: .init(port: 0))
/// try await node.application { port in print("listening on \(port)") }.runService()
/// ```
public struct Node: Sendable {
    public let engine: any InferenceEngine
    public let configuration: NodeConfiguration
    /// The node's own Prometheus registry, served at `/metrics`. Owned here rather than
    /// bootstrapped into the global `MetricsSystem`, so a library never takes over the
    /// process's metrics and several nodes (tests) never share counters.
    public let metrics: NodeMetrics
    public let logger: Logger
    /// The TEE identity (compose hash, RA-TLS key, signing key); nil for a node that cannot attest
    /// (tests of the HTTP API): it still signs, with a key nobody can tie to a TEE, and serves HTTP.
    public let identity: NodeIdentity?
    /// The served model and its modelH (swapped by `load_model`); routes see the engine through it.
    public let models: ModelSlot
    public let signing: ResponseSigning
    /// A paid node's payment channels (§6): completions then need a voucher; nil: free.
    public let payments: PaymentService?
    /// The model key and the sealed model it opens (set_sk, request_sk, sealed `load_model`).
    public let keyring: ModelKeyring

    public init(
        engine: any InferenceEngine,
        configuration: NodeConfiguration = .init(),
        metrics: NodeMetrics = NodeMetrics(),
        logger: Logger = Logger(label: "dcml.node"),
        identity: NodeIdentity? = nil,
        modelHash: ModelHash = .unidentified,
        models: ModelSlot? = nil,
        payments: PaymentService? = nil,
        keyring: ModelKeyring? = nil
    ) {
        self.engine = engine
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.identity = identity
        self.payments = payments
        let models = models ?? ModelSlot(engine: engine, modelHash: modelHash)
        self.models = models
        self.keyring = keyring ?? ModelKeyring(slot: models)
        self.signing = identity.map { ResponseSigning(signer: ResponseSigner(key: $0.signingKey)) } ?? .ephemeral()
    }

    /// All routes with the node's middleware: metrics outermost (it sees the final status),
    /// then the translation of every error into OpenAI's error shape.
    public func buildRouter() -> Router<NodeRequestContext> {
        let router = Router(context: NodeRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: OpenAIErrorMiddleware())
        CompletionRoutes(engine: models, metrics: metrics, maxBodyBytes: configuration.maxBodyBytes, signing: signing, payments: payments).register(on: router)
        if let payments { PaymentRoutes(payments: payments, maxBodyBytes: configuration.maxBodyBytes).register(on: router) }
        ModelsRoute(engine: models).register(on: router)
        HealthRoute(engine: models).register(on: router)
        AttestationRoutes(identity: identity, models: models, keyring: keyring, signing: signing).register(on: router)
        KeyRoutes(keyring: keyring, identity: identity,
                  peers: configuration.peers ?? PeerPolicy(allowSimulated: identity?.tee == .simulated)).register(on: router)
        MetricsRoute(metrics: metrics).register(on: router)
        return router
    }

    /// The server, ready for `run()` (inside a ServiceGroup) or `runService()` (which also
    /// shuts down gracefully on SIGINT/SIGTERM). `onListening` receives the bound port, which
    /// is how a caller that asked for port 0 learns where the node is. With an identity and
    /// `configuration.tls` it serves HTTPS with the RA-TLS certificate.
    public func application(
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let server: HTTPServerBuilder
        if configuration.tls, let tls = identity?.serverTLS {
            // `.tls` only wraps the configuration; NodeIdentity.establish already built a TLS
            // context from it, so it cannot be refused here. A client certificate authorizes
            // nothing by itself, so the handshake accepts any: set_sk verifies it against the peer
            // policy and says why it refused, and every other route ignores it.
            let channel = TLSChannelConfiguration(tlsConfiguration: tls, customVerificationCallback: { _, verdict in verdict.succeed(.certificateVerified) })
            do { server = try .tls(.http1(), configuration: channel) } catch { preconditionFailure("RA-TLS configuration refused after validation: \(error)") }
        } else {
            server = .http1()
        }
        return Application(
            router: buildRouter(),
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "dcml"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}
