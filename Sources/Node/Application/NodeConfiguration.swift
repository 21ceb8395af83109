/// What an operator can tune about the node's HTTP API.
public struct NodeConfiguration: Sendable {
    /// Address to listen on; loopback by default, so nothing is exposed by accident.
    public var host: String
    /// 0 picks a free port (tests); read the bound one from `Node.run(onListening:)`.
    public var port: Int
    /// Largest request body accepted, counted while the body arrives, so an oversized upload
    /// is refused (413) without being held in memory.
    public var maxBodyBytes: Int
    /// Serve HTTPS with the RA-TLS certificate when the node has a TEE identity (plain HTTP otherwise).
    public var tls: Bool
    /// What a peer must prove before a model key moves to or from it; nil: ``PeerPolicy`` with
    /// simulated peers allowed exactly when this node is simulated.
    public var peers: PeerPolicy?

    public init(host: String = "127.0.0.1", port: Int = 8000, maxBodyBytes: Int = 1 << 20, tls: Bool = true, peers: PeerPolicy? = nil) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.tls = tls
        self.peers = peers
    }
}
