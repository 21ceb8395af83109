import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOTLS

/// HTTP/1.1 over RA-TLS: every connection's peer is verified by ``RATLSVerifier`` inside the TLS
/// handshake, and no request byte is written before the handshake has completed. Used by the SDK
/// (users) and by nodes calling each other (mutual RA-TLS when `identity` is set).
///
/// ```swift
/// let client = AttestedHTTPClient(verifier: RATLSVerifier(policy: .init(allowSimulated: true, composeHash: h)))
/// try await client.withConnection(host: "127.0.0.1", port: 8443) { conn in
///     let r = try await conn.fetch(.init(method: .GET, path: "/health"))
/// }
/// ```
public struct AttestedHTTPClient: Sendable {
    public var verifier: RATLSVerifier
    /// Our own RA-TLS identity, presented for mutual RA-TLS (node to node).
    public var identity: RATLSIdentity?
    public var eventLoopGroup: any EventLoopGroup
    public var connectTimeout: TimeAmount

    public init(verifier: RATLSVerifier, identity: RATLSIdentity? = nil,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, connectTimeout: TimeAmount = .seconds(10)) {
        self.verifier = verifier
        self.identity = identity
        self.eventLoopGroup = eventLoopGroup
        self.connectTimeout = connectTimeout
    }

    /// Opens one verified connection, runs `body` on it (requests go one after another, kept
    /// alive), and closes it. Throws ``RATLSError`` with the verifier's reason when the peer is refused.
    public func withConnection<T>(host: String, port: Int, _ body: (AttestedConnection) async throws -> T) async throws -> T {
        let tls = try identity?.clientTLSConfiguration() ?? RATLSIdentity.anonymousClientTLSConfiguration()
        let context = try NIOSSLContext(configuration: tls)
        let outcome = VerificationOutcome()
        let callback = verifier.nioCallback { outcome.set($0) }
        let serverName = host.first?.isNumber == true || host.contains(":") ? nil : host
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        let handshake: EventLoopFuture<Void>
        do {
            (channel, handshake) = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(connectTimeout)
                .connect(host: host, port: port) { ch in
                    ch.eventLoop.makeCompletedFuture {
                        let ssl = try NIOSSLClientHandler(context: context, serverHostname: serverName, customVerificationCallback: callback)
                        let waiter = HandshakeWaiter(promise: ch.eventLoop.makePromise())
                        try ch.pipeline.syncOperations.addHandler(ssl)
                        try ch.pipeline.syncOperations.addHandler(waiter)
                        try ch.pipeline.syncOperations.addHTTPClientHandlers()
                        return (try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: ch), waiter.promise.futureResult)
                    }
                }
        }
        do {
            try await handshake.get()
        } catch {
            try? await channel.channel.close()
            if case .failure(let reason)? = outcome.result { throw reason }
            throw RATLSError.handshakeFailed("\(error)")
        }
        guard case .success(let peer)? = outcome.result else {
            try? await channel.channel.close()
            throw RATLSError.handshakeFailed("the handshake completed without verifying the peer")
        }
        return try await channel.executeThenClose { inbound, outbound in
            let conn = AttestedConnection(peer: peer, host: host, port: port, inbound: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(conn)
        }
    }
}

/// Completes when the TLS handshake does (after the peer's certificate was verified), or fails.
/// Only touched on its channel's event loop.
final class HandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = NIOAny
    let promise: EventLoopPromise<Void>
    private var done = false
    init(promise: EventLoopPromise<Void>) { self.promise = promise }

    private func complete(_ result: Result<Void, any Error>) {
        guard !done else { return }
        done = true
        promise.completeWith(result)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { complete(.success(())) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        complete(.failure(error))
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete(.failure(RATLSError.handshakeFailed("the connection closed during the handshake")))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        complete(.failure(RATLSError.handshakeFailed("the connection closed during the handshake")))
    }
}
