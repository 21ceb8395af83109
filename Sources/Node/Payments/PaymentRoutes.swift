import Hummingbird
import NearLightClient
import NIOCore
import Payments

/// The paper's payment calls (§6) over the node's (RA-TLS) HTTP API, JSON in and out:
///
/// - `POST /v1/payments/challenge` → ``ChallengeView`` (`get_challenge`)
/// - `POST /v1/payments/light_client_head` `{blocks?}` → `{hash, height}`
/// - `POST /v1/payments/channel` ``ProvenEventRequest`` → the channel's facts (`establish_payment_channel`)
/// - `GET /v1/payments/channel/{id}` → ``ChannelAccountView``, the node's account of the channel
/// - `POST /v1/payments/session` `VoucherSessionRequest` → ``ChannelAccountView``: the payer's
///   voucher session key, so her vouchers can carry an HMAC instead of an Ed25519 signature
/// - `POST /v1/payments/close` `{channel_id}` → the closure approval (`request_channel_closure`)
/// - `POST /v1/payments/answer_force_close` ``ProvenEventRequest`` → the closure approval
///
/// Closure approvals are `ClosureApproval`'s JSON: the terms, `signature` and `signer_public_key`.
/// Anyone may ask for a closure: it only ever signs what was charged, which is the payer's way
/// out and the provider's alike (Contracts/payment_channel/README.md).
struct PaymentRoutes: Sendable {
    let payments: PaymentService
    let maxBodyBytes: Int

    func register(on router: Router<NodeRequestContext>) {
        router.post("/v1/payments/challenge") { _, _ in
            let challenge = try await payments.issueChallenge()
            let deployment = payments.deployment
            return Self.json(ChallengeView(
                challenge: challenge.description, contractID: deployment.contractID, chainID: deployment.chainID,
                modelID: deployment.modelID, signingPublicKey: NearLightClient.Hex.encode(payments.nodeKey.bytes),
                lightClientHead: await head()))
        }
        router.post("/v1/payments/light_client_head") { request, _ in
            let blocks = try await body(request, HeadRequest.self)?.blocks ?? []
            try await payments.advanceHead(through: blocks)
            return Self.json(await head())
        }
        router.post("/v1/payments/channel") { request, _ in
            guard let proven = try await body(request, ProvenEventRequest.self) else { throw Self.missingProof }
            return Self.json(try await payments.establish(proof: proven.outcomeProof, blocks: proven.lightClientHead))
        }
        router.get("/v1/payments/channel/:id") { _, context in
            let text = context.parameters.get("id") ?? ""
            guard let channel = UInt64(text) else {
                throw APIError.invalid("channel_id", "`\(text.prefix(40))` is not a channel id; expected GET /v1/payments/channel/<decimal u64>")
            }
            return Self.json(try await payments.account(of: channel))
        }
        router.post("/v1/payments/session") { request, _ in
            guard let session = try await body(request, VoucherSessionRequest.self) else {
                throw APIError.invalid("grant", "the body is empty: expected {\"grant\": <the payer's signed grant>, \"key\": <64 hex digits>}")
            }
            return Self.json(try await payments.startSession(session))
        }
        router.post("/v1/payments/close") { request, _ in
            guard let close = try await body(request, CloseRequest.self) else {
                throw APIError.invalid("channel_id", "the body is empty: expected {\"channel_id\": <the channel's id>}")
            }
            return Self.json(try await payments.close(channel: close.channelID))
        }
        router.post("/v1/payments/answer_force_close") { request, _ in
            guard let proven = try await body(request, ProvenEventRequest.self) else { throw Self.missingProof }
            return Self.json(try await payments.answerForceClose(proof: proven.outcomeProof, blocks: proven.lightClientHead))
        }
    }

    private func head() async -> HeadView {
        HeadView(hash: await payments.headHash.description, height: await payments.headHeight)
    }

    /// The decoded body, or nil when it is empty.
    private func body<T: Decodable>(_ request: Request, _ type: T.Type) async throws -> T? {
        var request = request
        let bytes = try await RequestBodyLimit(maxBytes: maxBodyBytes).collect(&request)
        guard bytes.readableBytes > 0 else { return nil }
        return try RequestDecoding.decode(type, from: bytes)
    }

    private static let missingProof = APIError.invalid(
        "outcome_proof", "the body is empty: expected {\"outcome_proof\": <light_client_proof result>, \"light_client_head\": <next_light_client_block result(s)>}")

    private static func json(_ value: some Encodable) -> Response {
        let buffer = ResponseJSON.encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: "\(buffer.readableBytes)"],
                        body: .init(byteBuffer: buffer))
    }
}
