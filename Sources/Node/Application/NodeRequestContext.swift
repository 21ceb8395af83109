import Hummingbird
import NIOCore

/// Per-request context of the node's router. Its own type (rather than
/// `BasicRequestContext`) so later layers — response signing, payment channels — can carry
/// per-request state without changing every route's signature.
public struct NodeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer, for the admin API's loopback-only rule.
    public var remoteAddress: SocketAddress?
    /// The connection, for set_sk to read the client's RA-TLS certificate, if any.
    public var channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.channel = source.channel
    }

    /// Whether the connection comes from this host (127.0.0.0/8 or ::1).
    var isLoopbackPeer: Bool {
        switch remoteAddress {
        case .v4(let a)?: a.address.sin_addr.s_addr & 0xff == 127 // network byte order: first octet is the low byte
        case .v6?: remoteAddress?.ipAddress == "::1"
        default: false
        }
    }
}
