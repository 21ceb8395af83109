import NearLightClient

/// The node's (TEE's) side of one payment channel, §6: `get_challenge()` →
/// `establish_payment_channel` → a charge per completion → `request_channel_closure()` (or an
/// answer to the payer's unilateral close).
///
/// A value type without I/O, in the style of swift-nio's and Hummingbird's state machines: each
/// event mutates the state and returns what the caller must do (send the challenge, generate or
/// refuse, sign a closure). The caller persists the state through `ChannelLedger`, which binds
/// every change to a monotonic counter (§6.1), and holds the signing key; neither is in here.
///
/// One machine serves one channel: `closed` is terminal, and a node serving several payers runs
/// one machine per challenge.
public struct ProviderChannelStateMachine: Hashable, Sendable, Codable {
    public enum State: Hashable, Sendable, Codable, CustomStringConvertible {
        case idle
        case challengeIssued(Challenge)
        case open(OpenChannel)
        /// Tombstone: the channel is gone; only its final terms remain, so a lost approval can
        /// be signed again (the same terms, never new ones).
        case closed(ClosureTerms)

        public var description: String {
            switch self {
            case .idle: return "idle"
            case .challengeIssued: return "challenge issued"
            case .open(let channel): return "open (channel \(channel.channel))"
            case .closed(let terms): return "closed (channel \(terms.channel))"
            }
        }
    }

    /// The contract and chain baked into the node; channels elsewhere are refused.
    public let domain: ChannelDomain
    public private(set) var state: State = .idle

    public init(domain: ChannelDomain) {
        self.domain = domain
    }

    /// `get_challenge()`: remembers `challenge` (the caller draws it, e.g. `Challenge.random()`)
    /// and returns it to be sent. Single use: a second call is refused.
    public mutating func issueChallenge(_ challenge: Challenge) throws(ChannelStateError) -> Challenge {
        guard case .idle = state else { throw .wrongState(event: "issue a challenge", expected: "idle", actual: state.description) }
        state = .challengeIssued(challenge)
        return challenge
    }

    /// `establish_payment_channel`: opens the channel the chain reports (`facts`, proven elsewhere)
    /// if it was opened for this contract and chain, with this machine's challenge, and with equal
    /// non-zero deposits from payer and provider. The challenge is used up only on success, so a
    /// bad proof can be retried with the right one.
    public mutating func establish(_ facts: ChannelFacts) throws(ChannelStateError) {
        guard case .challengeIssued(let challenge) = state else {
            throw .wrongState(event: "establish a channel", expected: "challenge issued", actual: state.description)
        }
        guard facts.domain == domain else { throw .wrongDomain(expected: domain, actual: facts.domain) }
        guard facts.challenge == challenge else { throw .challengeMismatch(issued: challenge, channel: facts.challenge) }
        guard facts.deposit > 0, facts.providerDeposit == facts.deposit else {
            throw .unequalDeposits(payer: facts.deposit, provider: facts.providerDeposit)
        }
        state = .open(OpenChannel(facts))
    }

    /// What to do with a completion request.
    public enum AuthorizeAction: Hashable, Sendable {
        /// Generate; then `settle` this reservation with the actual token count (or `release` it).
        case proceed(Reservation)
        /// Refuse before generating anything; `PaymentRejection.httpStatus` says how.
        case reject(PaymentRejection)
    }

    /// The payer grants `key` for MAC vouchers on this channel (it came with `grant` over the
    /// TEE's RA-TLS channel). Replaces any earlier session key. Kept in memory only: a restarted
    /// node has none, and refuses MAC vouchers until the payer grants one again.
    public mutating func startSession(_ grant: VoucherSessionGrant, key: VoucherSessionKey) throws(ChannelStateError) {
        guard case .open(var channel) = state else {
            throw .wrongState(event: "start a voucher session", expected: "open", actual: state.description)
        }
        guard grant.domain == channel.domain else { throw .wrongDomain(expected: channel.domain, actual: grant.domain) }
        guard grant.channel == channel.channel else { throw .wrongChannel(expected: channel.channel, actual: grant.channel) }
        guard grant.grants(key, signedBy: channel.payerKey) else { throw .badSessionGrant(payer: channel.payerKey) }
        channel.sessionKey = key
        state = .open(channel)
    }

    /// A completion request arrives with `voucher`, a prompt of `promptTokens` and a limit of
    /// `maxCompletionTokens`. Proceeds only if the voucher is for this channel, signed by its payer
    /// (or MACed with the session key she granted) and newer than the last, and the channel's
    /// cost — if this request and every one in flight generated their maximum — fits both the
    /// deposit (else 402 before generation) and the voucher's cap.
    public mutating func authorize(voucher: Voucher, promptTokens: UInt64, maxCompletionTokens: UInt64) -> AuthorizeAction {
        guard case .open(var channel) = state else { return .reject(.noOpenChannel(state: state.description)) }
        guard voucher.domain == channel.domain else { return .reject(.badVoucher(.wrongDomain(expected: channel.domain, actual: voucher.domain))) }
        guard voucher.channel == channel.channel else { return .reject(.badVoucher(.wrongChannel(expected: channel.channel, actual: voucher.channel))) }
        switch voucher.proof {
        case .signature:
            guard voucher.isSigned(by: channel.payerKey) else { return .reject(.badVoucher(.badSignature(payer: channel.payerKey))) }
        case .mac:
            guard let key = channel.sessionKey else { return .reject(.badVoucher(.noSession(channel: channel.channel))) }
            guard voucher.isAuthenticated(by: key) else { return .reject(.badVoucher(.badMAC(session: key))) }
        }
        guard voucher.nonce > channel.voucherNonce else {
            return .reject(.badVoucher(.replayedNonce(last: channel.voucherNonce, actual: voucher.nonce)))
        }
        // Without this request the worst case was priced before, so it exists.
        let committed = channel.worstCase()!.total
        guard let worst = channel.worstCase(addingPrompt: promptTokens, maxCompletion: maxCompletionTokens) else {
            return .reject(.priceOverflow(promptTokens: promptTokens, maxCompletionTokens: maxCompletionTokens))
        }
        guard worst.total <= channel.deposit else {
            return .reject(.insufficientDeposit(required: worst.total - committed, available: channel.deposit - committed))
        }
        guard voucher.spent >= worst.total else { return .reject(.voucherBelowCost(required: worst.total, authorized: voucher.spent)) }

        let reservation = Reservation(
            id: channel.nextReservationID, promptTokens: promptTokens, maxCompletionTokens: maxCompletionTokens, voucherNonce: voucher.nonce)
        channel.nextReservationID += 1
        channel.voucherNonce = voucher.nonce
        channel.reservations.append(reservation)
        state = .open(channel)
        return .proceed(reservation)
    }

    /// The request finished after `completionTokens`: charges its tokens (at most the reserved
    /// maximum) and frees the rest of its reservation.
    public mutating func settle(_ reservation: Reservation, completionTokens: UInt64) throws(ChannelStateError) -> Charge {
        var channel = try openChannel(for: "settle a request")
        guard let index = channel.reservations.firstIndex(where: { $0.id == reservation.id }) else {
            throw .unknownReservation(reservation.id)
        }
        let held = channel.reservations.remove(at: index)
        guard completionTokens <= held.maxCompletionTokens else {
            throw .completionExceedsReservation(reserved: held.maxCompletionTokens, actual: completionTokens)
        }
        let cost = channel.charge(prompt: held.promptTokens, completion: completionTokens)
        state = .open(channel)
        return Charge(cost: cost, spent: channel.spent)
    }

    /// The request failed before producing anything billable: frees its reservation, charges nothing.
    public mutating func release(_ reservation: Reservation) throws(ChannelStateError) {
        var channel = try openChannel(for: "release a request")
        guard let index = channel.reservations.firstIndex(where: { $0.id == reservation.id }) else {
            throw .unknownReservation(reservation.id)
        }
        channel.reservations.remove(at: index)
        state = .open(channel)
    }

    /// What to do about a closure.
    public enum ClosureAction: Hashable, Sendable {
        /// The channel is now closed at these terms: sign them and hand out the approval.
        case signClosure(ClosureTerms)
        /// It was closed before: sign the same terms again (the earlier approval may have been lost).
        case repeatClosure(ClosureTerms)
    }

    /// `request_channel_closure()`: closes at what was charged and forgets the channel. `nonce` is
    /// the TEE's monotonic counter value at signing, which the approval carries. Refused while
    /// requests are in flight (their cost is not known yet); the payer waits for them.
    public mutating func requestClosure(nonce: UInt64) throws(ChannelStateError) -> ClosureAction {
        if case .closed(let terms) = state { return .repeatClosure(terms) }
        let channel = try openChannel(for: "close the channel")
        guard channel.reservations.isEmpty else { throw .requestsInFlight(channel.reservations.count) }
        let terms = channel.closureTerms(nonce: nonce)
        state = .closed(terms)
        return .signClosure(terms)
    }

    /// The payer asked the contract to close `channel` unilaterally (proven elsewhere by a
    /// light-client proof of the `force_close_started` event); the node answers with an approval
    /// before the challenge period ends. It cannot wait for requests in flight, so those are
    /// charged their reserved maximum, which the payer's vouchers authorized.
    public mutating func answerUnilateralClose(channel id: UInt64, nonce: UInt64) throws(ChannelStateError) -> ClosureAction {
        if case .closed(let terms) = state {
            guard terms.channel == id else { throw .wrongChannel(expected: terms.channel, actual: id) }
            return .repeatClosure(terms)
        }
        var channel = try openChannel(for: "answer a unilateral close")
        guard channel.channel == id else { throw .wrongChannel(expected: channel.channel, actual: id) }
        channel.chargeRequestsInFlightAtTheirMaximum()
        let terms = channel.closureTerms(nonce: nonce)
        state = .closed(terms)
        return .signClosure(terms)
    }

    /// A channel opened with this machine's challenge that the node never established (the
    /// challenge expired first): the node never served it, so it closes at zero spent, and the
    /// provider who locked his deposit for it gets it back. `channel` is the id the chain gave it
    /// (proven elsewhere), `nonce` the TEE's counter value at signing.
    public mutating func closeUnserved(channel id: UInt64, nonce: UInt64) throws(ChannelStateError) -> ClosureAction {
        if case .closed(let terms) = state {
            guard terms.channel == id else { throw .wrongChannel(expected: terms.channel, actual: id) }
            return .repeatClosure(terms)
        }
        guard case .challengeIssued(let challenge) = state else {
            throw .wrongState(event: "close a channel it never served", expected: "challenge issued", actual: state.description)
        }
        let terms = ClosureTerms(domain: domain, channel: id, challenge: challenge, spent: 0, modelShare: 0, nonce: nonce)
        state = .closed(terms)
        return .signClosure(terms)
    }

    /// The node restarted: the requests it was generating died with it, uncharged, and the voucher
    /// session key with them. Neither was ever persisted (see `ChannelLedger`), so this only makes
    /// sure none is left in a state written while they were there.
    mutating func restart() {
        guard case .open(var channel) = state else { return }
        channel.reservations = []
        channel.sessionKey = nil
        state = .open(channel)
    }

    /// What the ledger's log records of the open channel (nil unless open).
    var progress: ChannelProgress? {
        guard case .open(let channel) = state else { return nil }
        return channel.progress
    }

    /// Replays a progress from the ledger's log; false, changing nothing, where the channel is not
    /// open or `later` cannot follow its state.
    mutating func advance(to later: ChannelProgress) -> Bool {
        guard case .open(var channel) = state, channel.advance(to: later) else { return false }
        state = .open(channel)
        return true
    }

    private func openChannel(for event: String) throws(ChannelStateError) -> OpenChannel {
        guard case .open(let channel) = state else { throw .wrongState(event: event, expected: "open", actual: state.description) }
        return channel
    }
}
