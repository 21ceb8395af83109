import AttestedTLS
import Foundation
import Sealing

/// Hands a model key to a node over RA-TLS: the node's certificate must pass `policy` inside the
/// handshake (same workload, acceptable TCB, simulated only if allowed), so the key is written
/// only to a connection whose other end is that attested workload. Used by a node answering
/// request_sk (presenting its own RA-TLS identity: mutual RA-TLS) and by `dcml model seed`
/// (the model's owner, presenting none).
public struct ModelKeyDelivery: Sendable {
    public var policy: RATLSPolicy
    /// Our own RA-TLS identity, presented to the receiving node (mutual RA-TLS); nil: anonymous.
    public var identity: RATLSIdentity?

    public init(policy: RATLSPolicy, identity: RATLSIdentity? = nil) {
        self.policy = policy
        self.identity = identity
    }

    /// What the receiving node proved and answered.
    public struct Delivered: Sendable {
        public var peer: String
        public var peerComposeHash: String?
        public var peerSimulated: Bool
        public var response: SetKeyResponse
    }

    /// Connects, verifies, sends set_sk and returns the node's answer.
    public func deliver(_ key: ModelSecretKey, host: String, port: Int) async throws(ModelKeyDeliveryError) -> Delivered {
        let peer = "\(host):\(port)"
        let client = AttestedHTTPClient(verifier: RATLSVerifier(policy: policy), identity: identity)
        do {
            return try await client.withConnection(host: host, port: port) { connection in
                var body = ModelKeyBody.encode(key)
                defer { ModelKeyBody.wipe(&body) }
                let request = AttestedHTTPRequest(method: .POST, path: "/v1/keys/set_sk", headers: [("content-type", "application/json")], body: body)
                let response = try await connection.fetch(request, maxBytes: 64 << 10)
                guard response.status.code == 200 else {
                    throw ModelKeyDeliveryError.refused(peer: peer, status: Int(response.status.code), message: Self.errorMessage(response.body))
                }
                guard let answer = try? JSONDecoder().decode(SetKeyResponse.self, from: Data(response.body)) else {
                    throw ModelKeyDeliveryError.refused(peer: peer, status: 200, message: "the answer is not a set_sk response: \(String(decoding: response.body.prefix(200), as: UTF8.self))")
                }
                return Delivered(peer: peer, peerComposeHash: connection.peer.composeHash.map(Self.hex),
                                 peerSimulated: connection.peer.isSimulated, response: answer)
            }
        } catch let e as ModelKeyDeliveryError {
            throw e
        } catch let e as RATLSError {
            throw .peerNotAttested(peer: peer, e)
        } catch {
            throw .unreachable(peer: peer, "\(error)")
        }
    }

    /// The message of an OpenAI-style error body, or the body itself.
    static func errorMessage(_ body: [UInt8]) -> String {
        struct Envelope: Decodable { struct Detail: Decodable { var message: String }; var error: Detail }
        return (try? JSONDecoder().decode(Envelope.self, from: Data(body)).error.message) ?? String(decoding: body.prefix(500), as: UTF8.self)
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}

/// Why a key was not delivered. The key never left this process in any of these cases but
/// `refused`, where it went to an attested node of the expected workload which declined it.
public enum ModelKeyDeliveryError: Error, Sendable, CustomStringConvertible {
    case peerNotAttested(peer: String, RATLSError)
    case unreachable(peer: String, String)
    case refused(peer: String, status: Int, message: String)

    public var description: String {
        switch self {
        case let .peerNotAttested(peer, e): "refused to send the model key to \(peer): \(e)"
        case let .unreachable(peer, e): "cannot reach \(peer) over RA-TLS: \(e)"
        case let .refused(peer, status, message): "\(peer) declined the model key (\(status)): \(message)"
        }
    }
}
