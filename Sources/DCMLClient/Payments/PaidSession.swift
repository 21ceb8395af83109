import AttestedTLS
import Foundation
import NearLightClient
import NIOHTTP1
import Payments

/// Alice's side of a paid node (paper §6): asks the node for a challenge, establishes the channel
/// she opened on chain with it, pays each completion with a voucher and asks for the closure.
///
/// ```swift
/// let offer = try await PaidSession.offer(from: client)           // Alice: MarketClient.openChannel with offer.challenge
/// // Bob: MarketClient.lockProviderDeposit, then proveReceipt(locked.receiptID, from: client.lightClientHead().hash)
/// // and client.establishChannel(proof); Alice picks the channel up from the node:
/// let session = try await PaidSession.resume(with: client, channel: id, payerKey: key)
/// let answer = try await session.chat(messages: [.init(role: "user", content: "Hi")], maxTokens: 16)
/// let approval = try await session.close()                         // → MarketClient.closeCooperative(approval)
/// ```
///
/// The session keeps the channel's exact token totals from the responses' `usage` and prices them
/// with the channel's rates, so it knows what the node may charge without trusting it, and checks
/// every `X-DCML-Channel-Spent` and the closure against that. Before a request it knows the prompt
/// only as text, so its voucher caps the channel at the price of an upper bound of the prompt's
/// tokens (`promptTokenBound`) plus `max_tokens`; the node charges the exact count. (This is why
/// the session keeps its own totals rather than a `PayerChannel`, which takes the prompt's token
/// count as known when the voucher is made.) Requests of one session go one at a time (concurrent
/// calls wait their turn), so vouchers reach the node in nonce order and each reported spent is
/// exactly the session's own figure.
///
/// Vouchers are MACed, not signed: before its first request the session draws a
/// ``VoucherSessionKey`` and grants it to the node's TEE with one Ed25519 signature
/// (``VoucherSessionGrant``, sent over the attested connection), which saves the node an Ed25519
/// verification per request. The key lives in this actor's memory only; when the node no longer
/// holds it (401 `session_unknown`: the node restarted, or another session of the same channel
/// granted its own key since) the session grants a new one and sends the request again.
public actor PaidSession {
    public nonisolated let client: DCMLClient
    public nonisolated let facts: ChannelFacts
    private let payerKey: SecretKey
    public private(set) var totals: SessionTotals
    /// Records every change of `totals` (the nonce before its voucher leaves, the tokens after
    /// the response), so another process can go on with the channel.
    private let journal: (any PaidSessionJournal)?
    /// Requests wait for the one before to finish, so vouchers reach the node in nonce order.
    let turns = TurnQueue()
    /// The key granted to the node for this channel's vouchers; nil until the first request.
    private var sessionKey: VoucherSessionKey?

    init(client: DCMLClient, facts: ChannelFacts, payerKey: SecretKey, totals: SessionTotals = .init(), journal: (any PaidSessionJournal)? = nil) {
        self.client = client
        self.facts = facts
        self.payerKey = payerKey
        self.totals = totals
        self.journal = journal
    }

    /// Goes on with a channel established earlier (by this process or another) from the totals
    /// the payer recorded. Unsettled totals (``SessionTotals/isUnsettled``) make the next
    /// request fail with a spent mismatch if the node charged the lost voucher: ``resynchronize()`` first.
    public static func restore(
        client: DCMLClient, facts: ChannelFacts, payerKey: SecretKey, totals: SessionTotals, journal: (any PaidSessionJournal)? = nil
    ) throws -> PaidSession {
        try checkPayer(facts, payerKey)
        return PaidSession(client: client, facts: facts, payerKey: payerKey, totals: totals, journal: journal)
    }

    /// Tokens of every completed request (P and C of Contracts/payment_channel/README.md).
    public var promptTokens: UInt64 { totals.promptTokens }
    public var completionTokens: UInt64 { totals.completionTokens }
    /// The last voucher nonce used.
    public var nonce: UInt64 { totals.nonce }

    /// What the channel has cost so far: the price of the totals, rounded up once per part.
    public var charged: Cost {
        // The totals were priced before each request within the deposit, so this cannot overflow.
        (try? facts.prices.cost(promptTokens: promptTokens, completionTokens: completionTokens)) ?? .zero
    }

    public var spent: UInt128 { charged.total }

    // MARK: opening

    /// `get_challenge()`, checked against the node's attested app-compose: the market, chain and
    /// model the node offers must be the ones its measured configuration names, and the signing
    /// key the attested one.
    public static func offer(from client: DCMLClient) async throws -> ChannelOffer {
        let response = try await client.postPinned(path: "/v1/payments/challenge", body: [])
        let offer: ChannelOffer
        do { offer = try JSONDecoder().decode(ChannelOffer.self, from: Data(response.body)) } catch {
            throw PaymentClientError.malformed("challenge: \(error)")
        }
        guard let verification = client.verification else { throw PaymentClientError.malformed("the node was not verified") }
        guard let market = verification.market else {
            throw PaymentClientError.deploymentMismatch(attested: "no payments section (an unpaid node)", offered: "a channel")
        }
        let attested = "\(market.contractID) on \(market.chainID) for \(market.modelID)"
        let offered = "\(offer.contractID) on \(offer.chainID) for \(offer.modelID)"
        guard attested == offered else { throw PaymentClientError.deploymentMismatch(attested: attested, offered: offered) }
        guard offer.signingPublicKey == NearLightClient.Hex.encode(verification.signingPublicKey) else {
            throw PaymentClientError.deploymentMismatch(attested: "signing key \(NearLightClient.Hex.encode(verification.signingPublicKey))",
                                                        offered: "signing key \(offer.signingPublicKey)")
        }
        return offer
    }

    /// `establish_payment_channel`: sends the light-client proof (the `light_client_proof`
    /// result, JSON) of the receipt that emitted `provider_deposit_locked`, and optionally the
    /// `next_light_client_block` result(s) that take the node's head to the one the proof was
    /// requested against. The node answers with the channel's facts, which must carry this
    /// payer's key.
    public static func establish(with client: DCMLClient, outcomeProof: Data, lightClientHead: Data? = nil, payerKey: SecretKey) async throws -> PaidSession {
        var body = Data("{\"outcome_proof\":".utf8) + outcomeProof
        if let lightClientHead { body += Data(",\"light_client_head\":".utf8) + lightClientHead }
        body += Data("}".utf8)
        let facts = try await client.establishChannel(body: Array(body))
        try checkPayer(facts, payerKey)
        return PaidSession(client: client, facts: facts, payerKey: payerKey)
    }

    /// `establish_payment_channel` with a proof from ``MarketClient/proveReceipt(_:from:wait:)``.
    public static func establish(with client: DCMLClient, proof: ChannelProof, payerKey: SecretKey) async throws -> PaidSession {
        let facts = try await client.establishChannel(proof)
        try checkPayer(facts, payerKey)
        return PaidSession(client: client, facts: facts, payerKey: payerKey)
    }

    /// Picks up a channel the node already established — by the provider, who held the proof, or
    /// by an earlier session whose state was lost — from the node's account of it
    /// (`GET /v1/payments/channel/{id}`): the channel must be open, record this payer's key, and
    /// its spent must be the price of its token totals. Vouchers go on from the node's last nonce.
    public static func resume(with client: DCMLClient, channel id: UInt64, payerKey: SecretKey) async throws -> PaidSession {
        let (facts, totals) = try await nodeAccount(client, channel: id, payerKey: payerKey)
        return PaidSession(client: client, facts: facts, payerKey: payerKey, totals: totals)
    }

    /// Takes the node's totals after a voucher's response was lost (``SessionTotals/isUnsettled``:
    /// a crash, a dropped connection): the node may have charged it. Safe to adopt, since the node
    /// can charge only what this payer's vouchers allowed and its spent is checked against its
    /// totals; vouchers go on after the later of the two nonces.
    public func resynchronize() async throws {
        let (_, account) = try await Self.nodeAccount(client, channel: facts.channel, payerKey: payerKey)
        let nonce = max(totals.nonce, account.nonce)
        let next = SessionTotals(promptTokens: account.promptTokens, completionTokens: account.completionTokens, nonce: nonce, settledNonce: nonce)
        try journal?.record(next)
        totals = next
    }

    /// The node's account of channel `id` (`GET /v1/payments/channel/{id}`): open, this payer's,
    /// its spent the price of its token totals.
    private static func nodeAccount(_ client: DCMLClient, channel id: UInt64, payerKey: SecretKey) async throws -> (ChannelFacts, SessionTotals) {
        let account = try await client.channelAccount(id)
        guard account.state == .open, let facts = account.facts, let prompt = account.promptTokens,
              let completion = account.completionTokens, let nonce = account.lastNonce
        else { throw PaymentClientError.malformed("channel \(id) is \(account.state.rawValue) on the node; expected an open channel to resume (a closed one's approval: close)") }
        guard facts.channel == id else { throw PaymentClientError.malformed("asked for channel \(id), the node answered with channel \(facts.channel)") }
        try checkPayer(facts, payerKey)
        let priced: UInt128
        do { priced = try facts.prices.cost(promptTokens: prompt, completionTokens: completion).total } catch {
            throw PaymentClientError.malformed("channel \(id): \(error.description)")
        }
        guard priced == account.spent else { throw PaymentClientError.spentMismatch(expected: priced, reported: account.spent) }
        return (facts, SessionTotals(promptTokens: prompt, completionTokens: completion, nonce: nonce, settledNonce: nonce))
    }

    private static func checkPayer(_ facts: ChannelFacts, _ payerKey: SecretKey) throws {
        guard facts.payerKey == payerKey.publicKey else {
            throw PaymentClientError.malformed("channel \(facts.channel) records payer key \(facts.payerKey), not this session's \(payerKey.publicKey)")
        }
    }

    // MARK: paying

    /// A paid chat completion: what the model said, its signed response, the tokens charged and
    /// the channel's cumulative spent after it (the node's figure, checked against the session's).
    public struct Answer: Sendable {
        public let completion: VerifiedCompletion
        public let promptTokens: UInt64
        public let completionTokens: UInt64
        public let spent: UInt128
    }

    /// A chat completion paid with a voucher; `maxTokens` bounds what it may cost. Without a
    /// `temperature` the node's default applies.
    public func chat(messages: [ChatMessage], maxTokens: Int, temperature: Double? = nil, model: String? = nil) async throws -> Answer {
        let body = try await client.requestBody(model: model, messages: messages, maxTokens: maxTokens, temperature: temperature, stream: false)
        let paid = try await pay(body: body, messages: messages, maxTokens: maxTokens)
        let json = paid.response.json
        let choice = (json["choices"] as? [[String: Any]])?.first
        let content = (choice?["message"] as? [String: Any])?["content"] as? String ?? ""
        return Answer(
            completion: VerifiedCompletion(id: json["id"] as? String ?? "", content: content, modelHash: paid.response.modelHash, signature: paid.response.signature),
            promptTokens: paid.promptTokens, completionTokens: paid.completionTokens, spent: paid.spent)
    }

    /// A completion paid for and checked: the node's signed response (its body exactly as
    /// signed), the tokens it charged and the channel's cumulative spent after it.
    public struct PaidResponse: Sendable {
        public let response: VerifiedResponse
        public let promptTokens: UInt64
        public let completionTokens: UInt64
        public let spent: UInt128
    }

    /// A non-streaming `/v1/chat/completions` request of the caller's own (an OpenAI client's
    /// body, as `dcml pay-proxy` forwards it), paid with a voucher capped by its messages and
    /// `max_tokens` (or `max_completion_tokens`); without either, `defaultMaxTokens` is added.
    public func complete(chatRequest: [UInt8], defaultMaxTokens: Int) async throws -> PaidResponse {
        var request = try Self.chatRequest(chatRequest)
        guard request.fields["stream"] as? Bool != true else {
            throw PaymentClientError.badRequest("stream: true goes to stream(chatRequest:defaultMaxTokens:onEvent:); expected a non-streaming request here")
        }
        let maxTokens = request.capMaxTokens(default: defaultMaxTokens)
        let body = try request.body(unlessUnchanged: chatRequest)
        return try await pay(body: body, messages: request.messages, maxTokens: maxTokens)
    }

    /// Sends `body` with a voucher for the worst case of `messages` and `maxTokens`, then settles
    /// the totals with the response's usage and checks the node's reported spent against them.
    private func pay(body: [UInt8], messages: [ChatMessage], maxTokens: Int) async throws -> PaidResponse {
        var paid: PaidResponse?
        try await turns.run { paid = try await payInTurn(body: body, messages: messages, maxTokens: maxTokens) }
        return paid!
    }

    private func payInTurn(body: [UInt8], messages: [ChatMessage], maxTokens: Int) async throws -> PaidResponse {
        let (cap, nonce) = try reserveVoucher(messages: messages, maxTokens: maxTokens)
        let (response, raw) = try await withVoucher(spent: cap, nonce: nonce) { header in
            try await client.verifiedCompletion(path: "/v1/chat/completions", body: body, headers: [header])
        }
        let usage = response.json["usage"] as? [String: Any]
        let (prompt, completion) = try settle(nonce: nonce, usage: usage, maxTokens: maxTokens)
        guard let reported = raw.headers.first(name: "x-dcml-channel-spent").flatMap({ UInt128($0) }) else {
            throw PaymentClientError.malformed("expected the channel's cumulative spent in X-DCML-Channel-Spent")
        }
        guard reported == spent else { throw PaymentClientError.spentMismatch(expected: spent, reported: reported) }
        return PaidResponse(response: response, promptTokens: prompt, completionTokens: completion, spent: reported)
    }

    /// The next voucher's cap (the worst case of `messages` and `maxTokens`, which must fit the
    /// deposit) and nonce, the nonce on record before its voucher leaves.
    func reserveVoucher(messages: [ChatMessage], maxTokens: Int) throws -> (cap: UInt128, nonce: UInt64) {
        let bound = Self.promptTokenBound(messages)
        let committed = charged.total
        let worst: UInt128
        do { worst = try facts.prices.cost(promptTokens: promptTokens + bound, completionTokens: completionTokens + UInt64(maxTokens)).total } catch {
            throw PaymentClientError.malformed(error.description)
        }
        guard worst <= facts.deposit else {
            throw PaymentClientError.insufficientDeposit(required: worst - committed, available: facts.deposit - committed)
        }
        var next = totals
        next.nonce += 1
        try journal?.record(next)
        totals = next
        return (worst, next.nonce)
    }

    /// Adds a finished request's `usage` (the response's, or a stream's usage chunk) to the totals.
    func settle(nonce: UInt64, usage: [String: Any]?, maxTokens: Int) throws -> (prompt: UInt64, completion: UInt64) {
        guard let prompt = Self.count(usage?["prompt_tokens"]), let completion = Self.count(usage?["completion_tokens"]),
              completion <= UInt64(maxTokens)
        else { throw PaymentClientError.malformed("expected usage.prompt_tokens and usage.completion_tokens ≤ max_tokens in the completion") }
        var next = totals
        next.promptTokens += prompt
        next.completionTokens += completion
        next.settledNonce = nonce
        totals = next
        try journal?.record(next)
        return (prompt, completion)
    }

    /// Calls `send` with the `X-DCML-Voucher` header of a MAC voucher for (`spent`, `nonce`)
    /// under the session key, granting one first if there is none, and once more if the node
    /// answers that it does not hold it. A refused voucher is not recorded by the node, so the
    /// same nonce is used again.
    func withVoucher<T>(spent: UInt128, nonce: UInt64, _ send: ((String, String)) async throws -> T) async throws -> T {
        func header(under key: VoucherSessionKey) -> (String, String) {
            (Voucher.headerName, Voucher.authenticate(domain: facts.domain, channel: facts.channel, spent: spent, nonce: nonce, sessionKey: key).headerValue)
        }
        do {
            return try await send(header(under: grantedSessionKey()))
        } catch let error as DCMLClientError where Self.isSessionUnknown(error) {
            sessionKey = nil
            return try await send(header(under: grantedSessionKey()))
        }
    }

    /// The session key the node holds for this channel, granted now if there is none yet.
    private func grantedSessionKey() async throws -> VoucherSessionKey {
        if let sessionKey { return sessionKey }
        let key = VoucherSessionKey.random()
        let grant = try VoucherSessionGrant.sign(domain: facts.domain, channel: facts.channel, key: key, payerKey: payerKey)
        _ = try await client.startVoucherSession(VoucherSessionRequest(grant: grant, key: key))
        sessionKey = key
        return key
    }

    /// Whether the node refused a voucher because it does not hold this session's key.
    private static func isSessionUnknown(_ error: DCMLClientError) -> Bool {
        guard case .http(401, let body) = error,
              let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
              let detail = object["error"] as? [String: Any]
        else { return false }
        return detail["code"] as? String == "session_unknown"
    }

    /// An upper bound of the tokens the node's chat template makes of `messages`: a byte-level
    /// BPE token covers at least one byte, and the template's own text (role markers, a default
    /// system prompt) is bounded by `templateAllowance` plus `perMessageAllowance` per message.
    public static func promptTokenBound(_ messages: [ChatMessage]) -> UInt64 {
        UInt64(messages.reduce(templateAllowance) { $0 + $1.role.utf8.count + $1.content.utf8.count + perMessageAllowance })
    }

    /// A token count from JSONSerialization's output.
    static func count(_ value: Any?) -> UInt64? {
        if let number = value as? Int { return UInt64(exactly: number) }
        return (value as? NSNumber).flatMap { UInt64(exactly: $0.int64Value) }
    }

    static let templateAllowance = 64
    static let perMessageAllowance = 16

    // MARK: closing

    /// `request_channel_closure()`: the node's signed approval of what it charged, checked
    /// against the session's own account; submit `approval.contractArguments` to the market's
    /// `close_cooperative`.
    public func close() async throws -> ClosureApproval {
        let response = try await client.postPinned(path: "/v1/payments/close", body: Array("{\"channel_id\":\(facts.channel)}".utf8))
        let approval = try client.checkedApproval(response.body)
        let terms = approval.terms
        guard terms.domain == facts.domain, terms.channel == facts.channel, terms.challenge == facts.challenge else {
            throw PaymentClientError.badApproval("it closes channel \(terms.channel) on \(terms.domain), expected channel \(facts.channel) on \(facts.domain)")
        }
        guard terms.spent == spent, terms.modelShare == charged.creator else {
            throw PaymentClientError.badApproval("it closes at spent \(terms.spent), model share \(terms.modelShare); expected \(spent), \(charged.creator)")
        }
        return approval
    }
}
