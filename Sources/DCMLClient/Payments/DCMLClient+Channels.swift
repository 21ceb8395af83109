import Foundation
import NearLightClient
import Payments

/// The node's channel calls that are not the payer's alone: whoever holds a proof (Bob, from his
/// `lock_provider_deposit` outcome, or Alice) establishes the channel; anyone reads the node's
/// account of it; Bob answers a force close. All over the connection pinned to the attested key.
extension DCMLClient {
    /// `POST /v1/payments/light_client_head`: the head a proof for this node must start from
    /// (``MarketClient/proveReceipt(_:from:wait:)``).
    public func lightClientHead() async throws -> (hash: CryptoHash, height: UInt64) {
        struct Head: Decodable { let hash: String; let height: UInt64 }
        let head: Head = try await decodeAnswer(postPinned(path: "/v1/payments/light_client_head", body: []).body, what: "light_client_head")
        do { return (try CryptoHash(base58: head.hash), head.height) } catch {
            throw PaymentClientError.malformed("light_client_head: hash `\(head.hash)` is not a base58 block hash: \(error)")
        }
    }

    /// `establish_payment_channel`: the proven `provider_deposit_locked` receipt; the node
    /// answers with the channel's facts.
    public func establishChannel(_ proof: ChannelProof) async throws -> ChannelFacts {
        try await establishChannel(body: proof.requestBody)
    }

    func establishChannel(body: [UInt8]) async throws -> ChannelFacts {
        try await decodeAnswer(postPinned(path: "/v1/payments/channel", body: body).body, what: "channel")
    }

    /// `GET /v1/payments/channel/{id}`.
    public func channelAccount(_ channel: UInt64) async throws -> ChannelAccount {
        try await decodeAnswer(getPinned(path: "/v1/payments/channel/\(channel)").body, what: "channel \(channel)")
    }

    /// `POST /v1/payments/session`: hands the node's TEE a voucher session key with the payer's
    /// grant (over this attested, pinned connection only, as the key is in the body); the node
    /// answers with its account of the channel.
    public func startVoucherSession(_ request: VoucherSessionRequest) async throws -> ChannelAccount {
        try await decodeAnswer(postPinned(path: "/v1/payments/session", body: Array(request.jsonData())).body, what: "voucher session of channel \(request.grant.channel)")
    }

    /// The node's answer to a proven `force_close_started` receipt: its approval of what it
    /// charged, for the market's `answer_force_close`.
    public func answerForceClose(_ proof: ChannelProof) async throws -> ClosureApproval {
        try await checkedApproval(postPinned(path: "/v1/payments/answer_force_close", body: proof.requestBody).body)
    }

    /// A closure approval that verifies and is signed with the node's attested key.
    func checkedApproval(_ body: [UInt8]) throws -> ClosureApproval {
        let approval: ClosureApproval = try decodeAnswer(body, what: "closure approval")
        guard approval.isValid else { throw PaymentClientError.badApproval("the signature does not verify over \(String(decoding: approval.terms.signedMessage, as: UTF8.self))") }
        guard let attested = verification?.signingPublicKey, approval.signer.bytes == attested else {
            throw PaymentClientError.badApproval("signed by \(approval.signer), not the node's attested signing key")
        }
        return approval
    }

    private func decodeAnswer<T: Decodable>(_ body: [UInt8], what: String) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(body)) } catch {
            throw PaymentClientError.malformed("\(what): \(error)")
        }
    }
}
