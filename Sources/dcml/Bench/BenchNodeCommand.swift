import ArgumentParser
import AsyncHTTPClient
import Attestation
import AttestedTLS
import Crypto
import Foundation
import Inference
import Logging
import ModelCache
import NIOCore
import NIOSSL
import Node

/// `dcml bench node`: what attestation costs a user (issue "attested node", Performance). Three
/// figures, each against its plain counterpart in the same run:
/// - an RA-TLS handshake with full quote verification (collateral cached) and one request,
///   against a plain TCP + HTTP request to the same node software;
/// - signing one response (hashing request and response bodies, Ed25519, caching the signature);
/// - completion throughput of a simulated-TEE node (RA-TLS, every response signed) against the
///   same engine behind plain HTTP, rounds alternating so drift hits both alike.
struct BenchNodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "RA-TLS handshake, response signing and node throughput, each against plain HTTP.")

    @Option(help: "GGUF model (default: the installed default model).") var model: String?
    @Option(help: "Engine threads.") var threads = 1
    @Option(help: "Measured handshakes (new connection each).") var handshakes = 200
    @Option(help: "Measured response signatures.") var signatures = 20_000
    @Option(help: "Measured rounds of the throughput comparison, per path.") var rounds = 6
    @Option(help: "Concurrent requests per round.") var concurrency = 4
    @Option(help: "Tokens generated per request.") var maxTokens = 32

    func validate() throws {
        guard handshakes >= 1, signatures >= 1, rounds >= 1, concurrency >= 1, maxTokens >= 1, threads >= 1 else {
            throw ValidationError("every count must be at least 1")
        }
    }

    func run() async throws {
        var logger = Logger(label: "dcml.bench")
        // The servers are cancelled at the end, which HummingbirdCore logs as an error.
        logger.logLevel = .critical
        let path = try model ?? ModelCache.default.ensure(.smolLM2).path
        let engine = try LocalEngine(modelPath: path, configuration: .init(threads: threads, maxBatch: concurrency, contextLength: 1024))
        let modelHash = try ModelManifest.of(path: path).modelHash
        let compose = AppCompose(nodeBinarySHA256: String(repeating: "00", count: 32), modelHash: modelHash.hex, engine: "local")
        let identity = try await NodeIdentity.establish(compose: compose, provider: SimulatedQuoteProvider())
        let attested = Node(engine: engine, configuration: .init(port: 0), logger: logger, identity: identity, modelHash: modelHash)
        let plain = Node(engine: engine, configuration: .init(port: 0, tls: false), logger: logger, modelHash: modelHash)

        try await withThrowingTaskGroup(of: Void.self) { group in
            let (ports, portSource) = AsyncStream.makeStream(of: Int.self)
            let attestedApp = attested.application { portSource.yield($0) }
            let plainApp = plain.application { portSource.yield($0) }
            group.addTask { try await attestedApp.run() }
            group.addTask { try await plainApp.run() }
            // Ports arrive in whichever order the servers bind; tell them apart by scheme below.
            // (Read with for-await: a local AsyncStream iterator's `next()` here unbalanced the task
            // allocator under Swift 6.3.1 and crashed the process later, on task teardown.)
            var bound: [Int] = []
            for await port in ports {
                bound.append(port)
                if bound.count == 2 { break }
            }
            guard bound.count == 2 else { throw ValidationError("the nodes did not start") }
            let (a, b) = (bound[0], bound[1])
            let (tlsPort, plainPort) = try await Self.isTLS(port: a) ? (a, b) : (b, a)
            print("model \(path), modelH \(modelHash.hex.prefix(16))…, simulated TEE, \(threads) engine thread(s)")

            try await benchHandshake(tlsPort: tlsPort, plainPort: plainPort, composeHash: identity.composeHash)
            benchSigning(attested.signing, modelHash: modelHash.hex)
            try await benchThroughput(tlsPort: tlsPort, plainPort: plainPort, model: engine.modelID)
            group.cancelAll()
        }
    }

    private static func isTLS(port: Int) async throws -> Bool {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        do {
            _ = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(5))
            return false
        } catch {
            return true
        }
    }

    // MARK: Handshake

    private func benchHandshake(tlsPort: Int, plainPort: Int, composeHash: [UInt8]) async throws {
        let verifier = RATLSVerifier(policy: RATLSPolicy(allowSimulated: true, composeHash: composeHash))
        let client = AttestedHTTPClient(verifier: verifier)
        let health = AttestedHTTPRequest(method: .GET, path: "/health")
        var attested: [Double] = []
        for i in 0..<(handshakes + 10) {
            let start = ContinuousClock.now
            let status = try await client.withConnection(host: "127.0.0.1", port: tlsPort) { try await $0.fetch(health).status }
            guard status == .ok else { throw ValidationError("health over RA-TLS answered \(status)") }
            if i >= 10 { attested.append(Self.ms(ContinuousClock.now - start)) }
        }
        // The plain counterpart: a new TCP connection and the same request, no TLS.
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(connectionPool: .init(idleTimeout: .milliseconds(1), concurrentHTTP1ConnectionsPerHostSoftLimit: 1)))
        defer { _ = http.shutdown() }
        var plain: [Double] = []
        for i in 0..<(handshakes + 10) {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(plainPort)/health")
            request.headers.add(name: "connection", value: "close")
            let start = ContinuousClock.now
            let response = try await http.execute(request, timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 16)
            if i >= 10 { plain.append(Self.ms(ContinuousClock.now - start)) }
        }
        print("")
        print("new connection + GET /health, \(handshakes) each:")
        print("  RA-TLS (handshake, quote + policy + key binding verified)  p50 \(Self.f(Self.percentile(attested, 0.5))) ms  p99 \(Self.f(Self.percentile(attested, 0.99))) ms")
        print("  plain HTTP (TCP connect)                                   p50 \(Self.f(Self.percentile(plain, 0.5))) ms  p99 \(Self.f(Self.percentile(plain, 0.99))) ms")
    }

    // MARK: Signing

    private func benchSigning(_ signing: ResponseSigning, modelHash: String) {
        let request = ByteBuffer(bytes: Array(#"{"model":"m","messages":[{"role":"user","content":"Write a long story about a lighthouse keeper."}],"max_tokens":64}"#.utf8))
        let response = [UInt8](repeating: UInt8(ascii: "a"), count: 2048)
        for i in 0..<100 { _ = signing.sign(id: "warm-\(i)", modelHash: modelHash, request: request, responseSHA256: Array(SHA256.hash(data: response))) }
        let start = ContinuousClock.now
        for i in 0..<signatures {
            let responseHash = Array(SHA256.hash(data: response))
            _ = signing.sign(id: "bench-\(i)", modelHash: modelHash, request: request, responseSHA256: responseHash)
        }
        let perResponse = Self.ms(ContinuousClock.now - start) / Double(signatures)
        print("")
        print("signing one response (\(request.readableBytes) B request, \(response.count) B response; hash, Ed25519, cache), \(signatures) times:")
        print("  \(Self.f(perResponse * 1000)) µs per response")
    }

    // MARK: Throughput

    private func benchThroughput(tlsPort: Int, plainPort: Int, model: String) async throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        // The RA-TLS verification is per connection and measured above; here only the channel
        // and the signing cost count, so the pooled connection skips certificate checks.
        tls.certificateVerification = .none
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        defer { _ = http.shutdown() }
        let body = #"{"model":"\#(model)","messages":[{"role":"user","content":"Write a long story about a lighthouse keeper and the sea."}],"max_tokens":\#(maxTokens),"temperature":0}"#

        func round(_ url: String) async throws -> (tokens: Int, seconds: Double) {
            let start = ContinuousClock.now
            let tokens = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<concurrency {
                    group.addTask {
                        var request = HTTPClientRequest(url: "\(url)/v1/chat/completions")
                        request.method = .POST
                        request.headers.add(name: "content-type", value: "application/json")
                        request.body = .bytes(ByteBuffer(string: body))
                        let response = try await http.execute(request, timeout: .seconds(120))
                        let bytes = try await response.body.collect(upTo: 1 << 20)
                        guard response.status == .ok,
                              let object = try JSONSerialization.jsonObject(with: Data(buffer: bytes)) as? [String: Any],
                              let usage = object["usage"] as? [String: Any], let n = usage["completion_tokens"] as? Int
                        else { throw ValidationError("\(url) answered \(response.status): \(String(buffer: bytes).prefix(200))") }
                        return n
                    }
                }
                return try await group.reduce(0, +)
            }
            return (tokens, Self.ms(ContinuousClock.now - start) / 1000)
        }

        let attestedURL = "https://127.0.0.1:\(tlsPort)", plainURL = "http://127.0.0.1:\(plainPort)"
        _ = try await round(attestedURL)
        _ = try await round(plainURL)
        var attested = (tokens: 0, seconds: 0.0), plain = (tokens: 0, seconds: 0.0)
        for r in 0..<rounds {
            for isAttested in r.isMultiple(of: 2) ? [true, false] : [false, true] {
                let m = try await round(isAttested ? attestedURL : plainURL)
                if isAttested { attested.tokens += m.tokens; attested.seconds += m.seconds } else { plain.tokens += m.tokens; plain.seconds += m.seconds }
            }
        }
        let a = Double(attested.tokens) / attested.seconds, p = Double(plain.tokens) / plain.seconds
        print("")
        print("completions, \(rounds) rounds × \(concurrency) concurrent requests × \(maxTokens) tokens per path:")
        print("  RA-TLS + signed responses  \(Self.f(a)) tok/s")
        print("  plain HTTP                 \(Self.f(p)) tok/s")
        print("  ratio                      \(String(format: "%.3f", a / p))x")
    }

    // MARK: Figures

    private static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    private static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    private static func f(_ x: Double) -> String { String(format: x < 10 ? "%.3f" : "%.1f", x) }
}
