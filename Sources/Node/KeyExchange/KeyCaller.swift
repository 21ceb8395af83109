import AttestedTLS
import NIOCore
import NIOSSL

/// Who is sending the node a key with set_sk, which decides whether it may.
///
/// The rule: the key must arrive over the node's RA-TLS listener (the caller verified the node's
/// quote before sending it), or from this host's loopback on a node that serves plain HTTP. Who
/// the caller is matters less than what it sends: only a key that matches the sealed model's pk is
/// ever kept, and knowing it proves the caller is the model's owner or a node that already held
/// it. A caller that presents a client certificate (a node answering request_sk: mutual RA-TLS)
/// must pass the peer policy, though, since a certificate that fails it is not what it claims.
enum KeyCaller: String, Sendable {
    case attestedPeer = "attested_peer"
    case ratlsClient = "ratls_client"
    case loopback

    /// Classifies the request's connection. `verifier`: the peer policy (nil: the node has no TEE
    /// identity, so it serves no RA-TLS).
    static func identify(_ context: NodeRequestContext, verifier: RATLSVerifier?) async throws(KeyExchangeError) -> KeyCaller {
        let certificate: [UInt8]?
        do {
            certificate = try await context.channel.pipeline.handler(type: NIOSSLHandler.self).map { handler -> [UInt8]? in
                // An unreadable certificate counts as one that fails verification below.
                handler.peerCertificate.map { (try? $0.toDERBytes()) ?? [] }
            }.get()
        } catch {
            // No TLS on this connection.
            guard context.isLoopbackPeer else { throw .notOverRATLS }
            return .loopback
        }
        guard let certificate else { return .ratlsClient }
        guard let verifier else { throw .noIdentity }
        do {
            _ = try await verifier.verify(certificateDER: certificate)
        } catch {
            throw .clientNotAttested(error)
        }
        return .attestedPeer
    }
}
