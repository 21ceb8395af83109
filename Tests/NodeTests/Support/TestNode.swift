import Hummingbird
import HummingbirdTesting
import Inference
import Logging
import Node

/// Runs `test` against a node in front of `engine`, in process (`.router`) or on an ephemeral
/// loopback port (`.live`).
func withNode<Value: Sendable>(
    _ engine: some InferenceEngine,
    maxBodyBytes: Int = 1 << 20,
    metrics: NodeMetrics = NodeMetrics(),
    _ mode: TestingSetup = .router,
    _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Value
) async throws -> Value {
    var logger = Logger(label: "test.node")
    logger.logLevel = .warning
    let node = Node(engine: engine, configuration: .init(port: 0, maxBodyBytes: maxBodyBytes), metrics: metrics, logger: logger)
    return try await node.application().test(mode) { client in try await test(client) }
}

extension TestClientProtocol {
    func post(_ uri: String, _ json: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: json))
    }

    func get(_ uri: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get)
    }
}
