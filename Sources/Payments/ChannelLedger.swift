import Crypto
import NearLightClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The provider's persisted channel state, bound to a monotonic counter (§6.1).
///
/// Every state change is written with the counter value it will have (`recorded + 1`), then the
/// counter is incremented and must return exactly that value. So the newest state always carries
/// the counter's value, and any older state — a restored disk or VM snapshot, or a clone that
/// lost the race to increment — carries a smaller one: it is stale, and the ledger refuses to sign
/// a closure for it or to serve or charge anything more on it.
///
/// Authorizing a request is a change too (its reservation is persisted before generation starts),
/// so a restored or cloned VM is refused before it generates anything, and a request whose node
/// is killed before settling is not free: on load, requests in flight are charged their reserved
/// maximum, which the payer's voucher authorized. The cost: two counter increments per request
/// (authorize, settle), one each for challenge, establish and close.
///
/// The file is AES-GCM sealed with the node's ledger key (held in memory, from the TEE's key
/// derivation), so the host can neither read it nor forge a fresh state; the node's signing key is
/// never in it — the closure methods take it as an argument. Writes are whole-file replacements
/// (temporary file, fsync, rename).
///
/// Calls are serialized (the counter is awaited in the middle of each change, and two interleaved
/// changes would race each other to the counter and make the state stale).
public actor ChannelLedger {
    public let path: String
    public private(set) var machine: ProviderChannelStateMachine
    /// The counter value the current state was recorded at.
    public private(set) var recordedCounter: UInt64
    /// Set once the state is known to be older than the counter; never cleared.
    public private(set) var staleness: LedgerError?

    private let counter: any MonotonicCounter
    private let key: SymmetricKey
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    private static let associatedData = Array("dcml-channel-ledger-v1".utf8)

    private init(path: String, machine: ProviderChannelStateMachine, recordedCounter: UInt64, counter: any MonotonicCounter, key: SymmetricKey) {
        self.path = path
        self.machine = machine
        self.recordedCounter = recordedCounter
        self.counter = counter
        self.key = key
    }

    /// A new ledger for a fresh machine, written at the counter's next value. Refuses to replace
    /// an existing ledger: that would forget channels the node still owes closures for.
    public static func create(
        path: String, domain: ChannelDomain, counter: any MonotonicCounter, key: SymmetricKey
    ) async throws(LedgerError) -> ChannelLedger {
        guard !AtomicFile.exists(path) else { throw .alreadyExists(path: path) }
        let current = try await read(counter)
        let ledger = ChannelLedger(
            path: path, machine: ProviderChannelStateMachine(domain: domain), recordedCounter: current, counter: counter, key: key)
        try await ledger.commit(ledger.machine)
        return ledger
    }

    /// Loads the ledger at `path`. A state older than the counter still loads (so it can be
    /// inspected) but is marked stale and refuses to act. A state exactly one ahead of the counter
    /// was written by a node that stopped before incrementing; no newer state can exist (it would
    /// have needed that increment), so the increment is finished now.
    public static func load(path: String, counter: any MonotonicCounter, key: SymmetricKey) async throws(LedgerError) -> ChannelLedger {
        let record = try open(AtomicFile.contents(of: path), path: path, key: key)
        var current = try await read(counter)
        if record.counter == current &+ 1 {
            current = try await increment(counter)
        }
        var machine = record.machine
        machine.restart()
        let ledger = ChannelLedger(path: path, machine: machine, recordedCounter: record.counter, counter: counter, key: key)
        if record.counter != current {
            await ledger.markStale(counter: current)
        }
        return ledger
    }

    public func issueChallenge(_ challenge: Challenge) async throws(LedgerError) -> Challenge {
        await acquire()
        defer { relinquish() }
        var next = machine
        let issued = try Self.channel { () throws(ChannelStateError) in try next.issueChallenge(challenge) }
        try await commit(next)
        return issued
    }

    public func establish(_ facts: ChannelFacts) async throws(LedgerError) {
        await acquire()
        defer { relinquish() }
        var next = machine
        try Self.channel { () throws(ChannelStateError) in try next.establish(facts) }
        try await commit(next)
    }

    /// Lets the machine decide; an accepted request's reservation is persisted before it returns,
    /// so generation starts only on the newest state.
    public func authorize(
        voucher: Voucher, promptTokens: UInt64, maxCompletionTokens: UInt64
    ) async throws(LedgerError) -> ProviderChannelStateMachine.AuthorizeAction {
        await acquire()
        defer { relinquish() }
        if let staleness { throw staleness }
        var next = machine
        let action = next.authorize(voucher: voucher, promptTokens: promptTokens, maxCompletionTokens: maxCompletionTokens)
        if case .proceed = action { try await commit(next) }
        return action
    }

    public func settle(_ reservation: Reservation, completionTokens: UInt64) async throws(LedgerError) -> Charge {
        await acquire()
        defer { relinquish() }
        var next = machine
        let charge = try Self.channel { () throws(ChannelStateError) in try next.settle(reservation, completionTokens: completionTokens) }
        try await commit(next)
        return charge
    }

    /// Frees a failed request's reservation (persisted, or a restart would charge it).
    public func release(_ reservation: Reservation) async throws(LedgerError) {
        await acquire()
        defer { relinquish() }
        var next = machine
        try Self.channel { () throws(ChannelStateError) in try next.release(reservation) }
        try await commit(next)
    }

    /// `request_channel_closure()`: the approval, signed with the node's key, for a fresh state only.
    /// The signing key is an argument, never stored, so it is never in the ledger file.
    public func requestClosure(signingKey: SecretKey) async throws(LedgerError) -> ClosureApproval {
        try await close(signingKey: signingKey) { (machine: inout ProviderChannelStateMachine, nonce) throws(ChannelStateError) in
            try machine.requestClosure(nonce: nonce)
        }
    }

    /// The answer to a proven unilateral close of `channel`, for a fresh state only.
    public func answerUnilateralClose(channel: UInt64, signingKey: SecretKey) async throws(LedgerError) -> ClosureApproval {
        try await close(signingKey: signingKey) { (machine: inout ProviderChannelStateMachine, nonce) throws(ChannelStateError) in
            try machine.answerUnilateralClose(channel: channel, nonce: nonce)
        }
    }

    /// Closes through `event`, whose approval carries the counter value the closed state is
    /// recorded at (the contract's `nonce`).
    private func close(
        signingKey: SecretKey,
        _ event: (inout ProviderChannelStateMachine, UInt64) throws(ChannelStateError) -> ProviderChannelStateMachine.ClosureAction
    ) async throws(LedgerError) -> ClosureApproval {
        await acquire()
        defer { relinquish() }
        try await ensureFresh()
        var next = machine
        let nonce = recordedCounter + 1
        let terms: ClosureTerms
        switch try Self.channel({ () throws(ChannelStateError) in try event(&next, nonce) }) {
        case .signClosure(let closing):
            try await commit(next)
            terms = closing
        case .repeatClosure(let closed):
            terms = closed
        }
        do { return try ClosureApproval.sign(terms, with: signingKey) } catch { throw .signingFailed("\(error)") }
    }

    // MARK: the counter binding

    /// Persists `next` at the counter's next value, increments the counter, and adopts `next`
    /// only if the increment returned exactly that value.
    private func commit(_ next: ProviderChannelStateMachine) async throws(LedgerError) {
        if let staleness { throw staleness }
        let target = recordedCounter + 1
        try AtomicFile.replace(path, with: seal(LedgerRecord(counter: target, machine: next)))
        let reached: UInt64
        do { reached = try await counter.increment() } catch {
            // The change did not happen: put the current state back, so a restart does not find
            // (and finish) it. Had the increment landed after all, this state is stale — the safe side.
            try? AtomicFile.replace(path, with: seal(LedgerRecord(counter: recordedCounter, machine: machine)))
            throw .counter("\(error)")
        }
        guard reached == target else {
            // Another instance of this state (a clone) incremented first: this one is stale now.
            throw markStale(counter: reached)
        }
        machine = next
        recordedCounter = target
    }

    private func ensureFresh() async throws(LedgerError) {
        if let staleness { throw staleness }
        let current = try await Self.read(counter)
        guard current == recordedCounter else { throw markStale(counter: current) }
    }

    @discardableResult
    private func markStale(counter value: UInt64) -> LedgerError {
        let stale = LedgerError.staleState(recorded: recordedCounter, counter: value)
        staleness = stale
        return stale
    }

    private static func read(_ counter: any MonotonicCounter) async throws(LedgerError) -> UInt64 {
        do { return try await counter.current() } catch { throw .counter("\(error)") }
    }

    private static func increment(_ counter: any MonotonicCounter) async throws(LedgerError) -> UInt64 {
        do { return try await counter.increment() } catch { throw .counter("\(error)") }
    }

    private static func channel<T>(_ body: () throws(ChannelStateError) -> T) throws(LedgerError) -> T {
        do { return try body() } catch { throw .channel(error) }
    }

    // MARK: the file

    private func seal(_ record: LedgerRecord) throws(LedgerError) -> [UInt8] {
        do {
            let json = try JSONEncoder().encode(record)
            let box = try AES.GCM.seal(json, using: key, authenticating: Self.associatedData)
            // A nonce was generated, so the combined form exists.
            return Array(box.combined!)
        } catch {
            throw .corrupt(path: path, reason: "cannot encode the state: \(error)")
        }
    }

    private static func open(_ bytes: [UInt8], path: String, key: SymmetricKey) throws(LedgerError) -> LedgerRecord {
        let json: Data
        do {
            json = try AES.GCM.open(AES.GCM.SealedBox(combined: bytes), using: key, authenticating: associatedData)
        } catch {
            throw .unauthentic(path: path)
        }
        let record: LedgerRecord
        do { record = try JSONDecoder().decode(LedgerRecord.self, from: json) } catch {
            throw .corrupt(path: path, reason: Voucher.describe(error))
        }
        guard record.version == LedgerRecord.currentVersion else {
            throw .corrupt(path: path, reason: "version \(record.version), expected \(LedgerRecord.currentVersion)")
        }
        return record
    }

    // MARK: serialization of calls

    private func acquire() async {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
    }

    /// Hands the turn to the next waiting call, or frees it.
    private func relinquish() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}

/// What the ledger file holds (sealed): the machine and the counter value it was recorded at.
struct LedgerRecord: Codable {
    static let currentVersion = 1
    var version = currentVersion
    let counter: UInt64
    let machine: ProviderChannelStateMachine

    init(counter: UInt64, machine: ProviderChannelStateMachine) {
        self.counter = counter
        self.machine = machine
    }
}
