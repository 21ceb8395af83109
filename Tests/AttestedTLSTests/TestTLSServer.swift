import AttestedTLS
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A TLS server on an ephemeral loopback port answering every HTTP request with 200 "ok", and
/// counting the requests that reached it (a refused handshake must leave the count at zero).
final class TestTLSServer: Sendable {
    let channel: any Channel

    var port: Int { channel.localAddress?.port ?? 0 }

    init(tls: TLSConfiguration, clientVerification: (@Sendable ([NIOSSLCertificate], EventLoopPromise<NIOSSLVerificationResult>) -> Void)? = nil) async throws {
        let context = try NIOSSLContext(configuration: tls)
        let box = CounterBox()
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { ch in
                ch.eventLoop.makeCompletedFuture {
                    let ssl = clientVerification.map { NIOSSLServerHandler(context: context, customVerificationCallback: $0) } ?? NIOSSLServerHandler(context: context)
                    try ch.pipeline.syncOperations.addHandler(ssl)
                    try ch.pipeline.syncOperations.configureHTTPServerPipeline()
                    try ch.pipeline.syncOperations.addHandler(OKHandler(box: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.box = box
    }

    private let box: CounterBox
    var requestCount: Int { box.counter.load(ordering: .relaxed) }

    func close() async { try? await channel.close() }
}

final class CounterBox: Sendable {
    let counter = Atomic<Int>(0)
}

final class OKHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let box: CounterBox
    init(box: CounterBox) { self.box = box }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        box.counter.add(1, ordering: .relaxed)
        let body = ByteBuffer(string: "ok")
        context.write(wrapOutboundOut(.head(.init(version: .http1_1, status: .ok, headers: ["content-length": "2"]))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
