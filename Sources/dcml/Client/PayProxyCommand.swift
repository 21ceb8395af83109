import ArgumentParser
import DCMLClient
import Foundation
import Hummingbird
import Logging
import PayProxy

/// `dcml pay-proxy --node URL --listen 127.0.0.1:PORT`: a local OpenAI-compatible endpoint that
/// pays a paid node from a stored channel, so unmodified OpenAI clients can use it
/// (`base_url = http://127.0.0.1:PORT/v1`). The node is verified (RA-TLS, attestation report)
/// before the proxy listens; every answer's signature and model hash are checked before it is
/// passed on.
struct PayProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pay-proxy",
        abstract: "Serve a local OpenAI-compatible API that pays a verified paid node with vouchers.")

    @Option(help: "The paid node, https://HOST:PORT.") var node: String
    @Option(help: "Where to listen, HOST:PORT (loopback: whoever reaches the proxy spends the channel; port 0: any free port).") var listen = "127.0.0.1:8088"
    @Option(help: "The stored channel to pay from (default: the only open one with this node).") var channel: UInt64?
    @Option(help: "The NEAR key file the channel was opened with (default: the one stored with the channel).") var key: String?
    @Option(help: "max_tokens added to requests without one (a voucher caps each completion).") var defaultMaxTokens = 256
    @OptionGroup var options: NodeExpectationOptions

    func validate() throws {
        _ = try address()
        guard defaultMaxTokens >= 1 else { throw ValidationError("--default-max-tokens must be at least 1, got \(defaultMaxTokens)") }
    }

    private func address() throws -> (host: String, port: Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--listen \(listen) is not HOST:PORT (e.g. 127.0.0.1:8088)")
        }
        return (String(listen[..<colon]), port)
    }

    func run() async throws {
        let (host, port) = try address()
        let client = try DCMLClient(url: node, expectation: try options.expectation())
        let session: PaidSession
        do {
            let v = try await client.verify()
            guard v.isPaid else { throw ChainCommandError("\(node) is not a paid node (its attested app-compose names no model market): point OpenAI clients at it directly") }
            session = try await PaidSession.stored(in: .standard(), client: client, channel: channel, keyFile: key)
        } catch {
            FileHandle.standardError.write(Data("REFUSED: \(error)\n".utf8))
            throw ExitCode(1)
        }
        var logger = Logger(label: "dcml.pay-proxy")
        logger.logLevel = .notice
        let facts = session.facts
        let verification = client.verification
        let tee = verification?.isSimulated == true ? "SIMULATED TEE (not confidential)" : "TDX"
        let nodeURL = node
        try await PayProxy(session: session, defaultMaxTokens: defaultMaxTokens).application(host: host, port: port, logger: logger) { bound in
            // One line on stdout, for scripts (and tests) that asked for port 0.
            FileHandle.standardOutput.write(Data("listening on http://\(host):\(bound)/v1\n".utf8))
            FileHandle.standardError.write(Data("paying \(nodeURL) (\(tee), compose \(verification?.composeHash.prefix(16) ?? "")…) from channel \(facts.channel) on \(facts.domain)\n".utf8))
        }.runService()
    }
}
