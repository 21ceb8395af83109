import Crypto
import Foundation
import NearLightClient
import Payments

/// The node's side of the paper's payment channels (§6): hands out challenges, establishes the
/// channels the chain proves, charges completions against vouchers and signs closures.
///
/// Every channel has its own `ChannelLedger` (the Payments library's state machine serves one
/// channel), a sealed file `channel-<challenge>.ledger` in `directory`, bound to its own
/// monotonic counter (§6.1). The node's signing key — the channel's `signing_public_key` on
/// chain, the one its attestation report binds — signs closures and is never written anywhere.
///
/// The actor holds only the indexes (challenge → ledger, channel id → ledger) and the light-client
/// head; each ledger serializes its own changes, so channels do not wait for each other.
///
/// Challenges expire (`challengeLifetime`) if no channel is established with them, and then stop
/// counting against `maxPendingChallenges`; the node forgets them (their ledger stays on disk,
/// nothing of them in memory). A provider may still have locked his deposit for a channel opened
/// with one: shown the proof, the node closes that channel at zero spent — it never served it —
/// so `close` and `answer_force_close` give the approval that returns both deposits.
public actor PaymentService {
    public let deployment: PaidDeployment
    let domain: ChannelDomain
    /// This node's signing key as the chain knows it.
    let nodeKey: PublicKey
    private let signingKey: Curve25519.Signing.PrivateKey
    private let directory: String
    private let ledgerKey: SymmetricKey
    private let counters: any ChannelCounters
    private let feed: LightClientFeed?
    private let challengeLifetime: TimeInterval
    private let now: @Sendable () -> Date
    private var head: LightClientHead
    /// Challenges handed out, not yet established and not known to be expired.
    private var pending: [Challenge: ChannelLedger] = [:]
    private var open: [UInt64: ChannelLedger] = [:]
    /// Tombstones: closed channels keep their final terms, so a lost approval can be signed again.
    private var closed: [UInt64: ChannelLedger] = [:]
    /// The challenges of the ledgers above: a ledger on disk whose challenge is not here is not in
    /// memory, so loading it makes no second instance.
    private var held: Set<Challenge> = []

    /// Challenges are persisted (a payer may open a channel with one while the node restarts), so
    /// unused ones are bounded.
    static let maxPendingChallenges = 64
    /// How long a challenge waits for its channel by default: opening and locking a channel takes
    /// two transactions and their finality, a few seconds on NEAR.
    public static let defaultChallengeLifetime: TimeInterval = 600

    /// Starts the service of an attested node whose app-compose names a model market
    /// (``AppCompose/payments``), loading every ledger in `directory`. `ledgerKey` seals the
    /// ledgers (from the TEE's key derivation; the same key every start, or the ledgers cannot be
    /// read). `trustedHead` is the light client's starting point, trusted by configuration.
    /// `challengeLifetime` is in seconds of `now`'s clock (the system clock, but for tests).
    public static func start(
        identity: NodeIdentity, directory: String, ledgerKey: SymmetricKey, counters: any ChannelCounters,
        trustedHead: LightClientState, feed: LightClientFeed? = nil,
        challengeLifetime: TimeInterval = defaultChallengeLifetime, now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> PaymentService {
        let compose = try JSONDecoder().decode(AppCompose.self, from: Data(identity.appCompose))
        guard let deployment = compose.payments else { throw PaymentServiceError.unpaidCompose }
        let service = try PaymentService(
            deployment: deployment, signingKey: identity.signingKey, directory: directory, ledgerKey: ledgerKey,
            counters: counters, head: LightClientHead(trustedHead), feed: feed, challengeLifetime: challengeLifetime, now: now)
        try await service.loadLedgers()
        return service
    }

    private init(
        deployment: PaidDeployment, signingKey: Curve25519.Signing.PrivateKey, directory: String, ledgerKey: SymmetricKey,
        counters: any ChannelCounters, head: LightClientHead, feed: LightClientFeed?,
        challengeLifetime: TimeInterval, now: @escaping @Sendable () -> Date
    ) throws {
        self.deployment = deployment
        domain = try deployment.domain()
        self.signingKey = signingKey
        nodeKey = try PublicKey(ed25519: Array(signingKey.publicKey.rawRepresentation))
        self.directory = directory
        self.ledgerKey = ledgerKey
        self.counters = counters
        self.head = head
        self.feed = feed
        self.challengeLifetime = challengeLifetime
        self.now = now
    }

    private func loadLedgers() async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".ledger") {
            let ledger = try await ChannelLedger.load(path: path(name), counter: counters.counter(for: name), key: ledgerKey)
            switch await ledger.machine.state {
            case .idle: continue  // created, stopped before its challenge was recorded: never handed out
            case .challengeIssued(let challenge):
                guard !hasExpired(ledger) else { continue }
                pending[challenge] = ledger
                held.insert(challenge)
            case .open(let channel):
                open[channel.channel] = ledger
                held.insert(channel.challenge)
            case .closed(let terms):
                closed[terms.channel] = ledger
                held.insert(terms.challenge)
            }
        }
    }

    // MARK: get_challenge

    /// `get_challenge()`: a fresh random challenge, recorded (single use) in a new ledger.
    public func issueChallenge() async throws(APIError) -> Challenge {
        for (challenge, ledger) in pending where hasExpired(ledger) {
            pending[challenge] = nil
            held.remove(challenge)
        }
        guard pending.count < Self.maxPendingChallenges else {
            throw APIError(status: .tooManyRequests, type: "payment_error", code: "too_many_challenges",
                           message: "\(pending.count) challenges are handed out and not yet established; expected at most \(Self.maxPendingChallenges): establish one, or wait for one to expire (\(Int(challengeLifetime)) s after it was handed out)")
        }
        let challenge = Challenge.random()
        let name = Self.ledgerName(challenge)
        do {
            let counter = try await counters.counter(for: name)
            let ledger = try await ChannelLedger.create(path: path(name), domain: domain, counter: counter, key: ledgerKey, createdAt: now())
            _ = try await ledger.issueChallenge(challenge)
            pending[challenge] = ledger
            held.insert(challenge)
        } catch let error as LedgerError {
            throw .ledger(error)
        } catch {
            throw .internalError("the monotonic counter for a new channel failed: \(error)")
        }
        return challenge
    }

    // MARK: the light-client head

    var headHash: CryptoHash { head.hash }
    var headHeight: UInt64 { head.height }

    /// Advances the head through `blocks` (from the caller), or, when there are none, through what
    /// the configured feed returns; both are validated, neither is trusted.
    func advanceHead(through blocks: [LightClientBlock]) async throws(APIError) {
        if !blocks.isEmpty {
            try head.advance(through: blocks)
            return
        }
        guard let feed else { return }
        let next: LightClientBlock?
        do { next = try await feed(head.hash) } catch {
            throw APIError(status: .badGateway, type: "server_error", code: "light_client_feed",
                           message: "fetching next_light_client_block from the configured RPC failed: \(error)")
        }
        if let next { try head.advance(through: [next]) }
    }

    // MARK: establish_payment_channel

    /// `establish_payment_channel`: the proven `provider_deposit_locked` event of this node's
    /// market must name a channel that is active, for the model this node serves, signed for by
    /// this node's key and opened with a challenge this node handed out and has not used.
    public func establish(proof: LightClientExecutionProof, blocks: [LightClientBlock]) async throws(APIError) -> ChannelFacts {
        try await advanceHead(through: blocks)
        let outcome = try head.prove(proof)
        let event = try MarketEvent.find("provider_deposit_locked", in: outcome, contract: deployment.contractID)
        let record = try ChannelRecord(json: event.data)
        guard record.modelID == deployment.modelID else {
            throw .invalidChannel("channel \(record.channel) is for model `\(record.modelID)`, expected `\(deployment.modelID)`, the model this node serves")
        }
        let facts: ChannelFacts
        do { facts = try ChannelFacts(contractChannel: event.data, domain: domain, nodeKey: nodeKey, payerKey: record.payerKey) } catch {
            throw .invalidChannel("channel \(record.channel): \(error.description)")
        }
        if let ledger = try await expiredLedger(facts.challenge) {
            try await closeUnserved(facts.channel, ledger: ledger)
            throw .challengeExpired(channel: facts.channel, challenge: facts.challenge, lifetime: challengeLifetime)
        }
        guard let ledger = pending[facts.challenge] else {
            // The same proof again (a retry whose answer was lost) finds its channel open.
            if let ledger = open[facts.channel], await ledger.challenge == facts.challenge { return facts }
            throw APIError(status: .conflict, type: "payment_error", code: "unknown_challenge",
                           message: "channel \(facts.channel) was opened with challenge \(facts.challenge), which this node instance has not handed out or has already used; "
                               + "expected a challenge from POST /v1/payments/challenge on this node")
        }
        do { try await ledger.establish(facts) } catch { throw .ledger(error) }
        pending[facts.challenge] = nil
        open[facts.channel] = ledger
        return facts
    }

    // MARK: completions

    /// The ledger that charges vouchers for `channel`, as held: a request's path asks it nothing
    /// more, and goes through ``recovered(_:channel:)`` only once the ledger says it halted.
    func ledger(charging channel: UInt64) throws(APIError) -> ChannelLedger {
        guard let ledger = open[channel] else { throw .noChannel(channel, closed: closed[channel] != nil) }
        return ledger
    }

    /// `channel`'s ledger, open or closed, recovered first if it halted.
    private func heldLedger(_ channel: UInt64) async throws(APIError) -> ChannelLedger? {
        guard let ledger = open[channel] ?? closed[channel] else { return nil }
        return try await recovered(ledger, channel: channel)
    }

    /// `ledger` itself, unless a failed commit halted it (a disk or counter error), when it may
    /// hold in memory what is not on disk: then it is loaded again from disk and counter, as a
    /// restart would, and the new instance replaces it. Requests that were in flight on the
    /// halted one fail, uncharged, as in a crash.
    func recovered(_ ledger: ChannelLedger, channel: UInt64) async throws(APIError) -> ChannelLedger {
        guard await ledger.isHalted else { return ledger }
        let name = String(ledger.path.split(separator: "/").last ?? Substring(ledger.path))
        let fresh: ChannelLedger
        do { fresh = try await ChannelLedger.load(path: ledger.path, counter: counters.counter(for: name), key: ledgerKey) } catch {
            throw (error as? LedgerError).map(APIError.ledger) ?? .internalError("the monotonic counter of channel \(channel) failed: \(error)")
        }
        let state = await fresh.machine.state
        // Another request may have recovered it meanwhile: keep that instance, never two.
        if let current = open[channel] ?? closed[channel], current !== ledger { return current }
        switch state {
        case .open:
            open[channel] = fresh
        case .closed:
            open[channel] = nil
            closed[channel] = fresh
        case .idle, .challengeIssued:
            throw .internalError("channel \(channel)'s ledger \(name) recovered as \(state); expected an established channel")
        }
        return fresh
    }

    var openChannels: Int { open.count }

    // MARK: the node's account of a channel

    /// What this node charged on `channel` (`GET /v1/payments/channel/{id}`): lets the payer pick
    /// up a channel someone else established, or resynchronize after a lost response.
    func account(of channel: UInt64) async throws(APIError) -> ChannelAccountView {
        guard let ledger = try await heldLedger(channel) else { throw .channelNotFound(channel) }
        switch await ledger.machine.state {
        case .open(let open): return .open(open)
        case .closed(let terms): return .closed(terms)
        case .idle, .challengeIssued: throw .channelNotFound(channel)
        }
    }

    // MARK: voucher sessions

    /// Takes the payer's voucher session key for an open channel (``VoucherSessionGrant``), so her
    /// next vouchers can carry an HMAC instead of a signature. The key stays in this process's
    /// memory; returns the node's account of the channel, so the payer starts from its totals.
    func startSession(_ request: VoucherSessionRequest) async throws(APIError) -> ChannelAccountView {
        let ledger = try await recovered(ledger(charging: request.grant.channel), channel: request.grant.channel)
        do { try await ledger.startSession(request.grant, key: request.key) } catch {
            if case .channel(.badSessionGrant) = error {
                throw APIError(status: .unauthorized, type: "authentication_error", code: "invalid_session_grant", param: "grant", message: error.description)
            }
            throw .ledger(error)
        }
        return try await account(of: request.grant.channel)
    }

    // MARK: request_channel_closure and the answer to a unilateral close

    /// `request_channel_closure()`: the signed approval of the channel's current state; the
    /// channel is closed on this node from then on (asked again, it signs the same terms).
    public func close(channel: UInt64) async throws(APIError) -> ClosureApproval {
        guard let ledger = try await heldLedger(channel) else { throw .channelNotFound(channel) }
        let approval: ClosureApproval
        do { approval = try await ledger.requestClosure(signingKey: secretKey()) } catch { throw .ledger(error) }
        open[channel] = nil
        closed[channel] = ledger
        return approval
    }

    /// The answer to the payer's unilateral close, from a proven `force_close_started` event of
    /// one of this node's channels: the approval `answer_force_close` takes.
    public func answerForceClose(proof: LightClientExecutionProof, blocks: [LightClientBlock]) async throws(APIError) -> ClosureApproval {
        try await advanceHead(through: blocks)
        let outcome = try head.prove(proof)
        let event = try MarketEvent.find("force_close_started", in: outcome, contract: deployment.contractID)
        let record = try ChannelRecord(json: event.data)
        guard record.state == "closing" else {
            throw .invalidChannel("channel \(record.channel) is `\(record.state)` in the proven event, expected `closing` (a force close in its challenge period)")
        }
        if let ledger = try await expiredLedger(record.challenge) {
            return try await closeUnserved(record.channel, ledger: ledger)
        }
        guard let ledger = try await heldLedger(record.channel) else { throw .channelNotFound(record.channel) }
        guard await ledger.challenge == record.challenge else {
            throw .invalidChannel("channel \(record.channel) was opened with challenge \(record.challenge), not this node's channel of that id")
        }
        let approval: ClosureApproval
        do { approval = try await ledger.answerUnilateralClose(channel: record.channel, signingKey: secretKey()) } catch { throw .ledger(error) }
        open[record.channel] = nil
        closed[record.channel] = ledger
        return approval
    }

    // MARK: expired challenges

    private func hasExpired(_ ledger: ChannelLedger) -> Bool {
        now().timeIntervalSince(ledger.createdAt) >= challengeLifetime
    }

    /// The ledger of `challenge` if this node handed it out, it expired, and no channel was
    /// established with it: from memory if not yet forgotten, else from disk. Held from then on
    /// (`closeUnserved` files it under its channel).
    private func expiredLedger(_ challenge: Challenge) async throws(APIError) -> ChannelLedger? {
        if let ledger = pending[challenge] {
            guard hasExpired(ledger) else { return nil }
            pending[challenge] = nil
            return ledger
        }
        let name = Self.ledgerName(challenge)
        guard !held.contains(challenge), FileManager.default.fileExists(atPath: path(name)) else { return nil }
        held.insert(challenge)  // while it loads, a concurrent proof of it must not load a second instance
        let ledger: ChannelLedger
        do { ledger = try await ChannelLedger.load(path: path(name), counter: counters.counter(for: name), key: ledgerKey) } catch {
            held.remove(challenge)
            throw (error as? LedgerError).map(APIError.ledger) ?? .internalError("the monotonic counter of an expired challenge failed: \(error)")
        }
        guard case .challengeIssued = await ledger.machine.state, hasExpired(ledger) else {
            held.remove(challenge)
            return nil
        }
        return ledger
    }

    /// Closes `channel`, opened with an expired challenge, at zero spent on `ledger`.
    @discardableResult
    private func closeUnserved(_ channel: UInt64, ledger: ChannelLedger) async throws(APIError) -> ClosureApproval {
        let approval: ClosureApproval
        // On failure the ledger stays in `held` (it may be established meanwhile, or halted): a
        // restart recovers it from disk.
        do { approval = try await ledger.closeUnserved(channel: channel, signingKey: secretKey()) } catch { throw .ledger(error) }
        closed[channel] = ledger
        return approval
    }

    // MARK: helpers

    static func ledgerName(_ challenge: Challenge) -> String { "channel-\(challenge).ledger" }

    private func path(_ name: String) -> String { directory + "/" + name }

    /// The signing key in the form the ledger signs with; made per closure (rare), never stored.
    private func secretKey() -> SecretKey {
        // The raw representation of an Ed25519 private key is its 32-byte seed.
        try! SecretKey(seed: Array(signingKey.rawRepresentation))
    }
}

extension ChannelLedger {
    /// The challenge of the channel this ledger holds (nil before one is issued).
    var challenge: Challenge? {
        switch machine.state {
        case .idle: return nil
        case .challengeIssued(let challenge): return challenge
        case .open(let channel): return channel.challenge
        case .closed(let terms): return terms.challenge
        }
    }
}

/// Why the payment service cannot start.
public enum PaymentServiceError: Error, CustomStringConvertible {
    case unpaidCompose

    public var description: String {
        switch self {
        case .unpaidCompose:
            return "the node's app-compose has no `payments` section; expected the model market's contract_id, chain_id and model_id for a paid node"
        }
    }
}

extension APIError {
    static func channelNotFound(_ channel: UInt64) -> APIError {
        APIError(status: .notFound, type: "invalid_request_error", code: "channel_not_found", param: "channel_id",
                 message: "channel \(channel) was never established on this node; expected one established with POST /v1/payments/channel")
    }
}
