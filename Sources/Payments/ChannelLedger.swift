import Crypto
import NearLightClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The provider's persisted channel state, bound to a monotonic counter (§6.1).
///
/// Every durable change is written with the counter value it will have (`recorded + 1`), then the
/// counter is incremented and must return exactly that value; only then is the change adopted. So
/// the newest state always carries the counter's value, and any older state — a restored disk or
/// VM snapshot, or a clone that lost the race to increment — carries a smaller one: it is stale,
/// and the ledger refuses to sign a closure for it or to serve or charge anything more on it.
///
/// What is durable: the challenge, the establishment, every settled request, the closure.
/// Authorizing a request is not: its reservation lives in memory until `settle` commits the
/// tokens actually generated (or `release` drops it), so a request costs one commit, not two.
/// The consequence: a node killed (or cloned) between authorizing and settling a request charges
/// nothing for it. A whole (non-streaming) response is sent only after its settle is durable, so
/// it is never free; a streamed one has sent its text by then (its final usage chunk follows the
/// settle), so each kill or clone can give away the requests then in flight — together at most
/// what the deposit has left, as reservations never exceed it. The voucher nonce of a request in
/// flight is durable only with a later settle, so after a restart the payer's newest voucher may
/// be accepted once more; it is charged like any other.
///
/// Files (AES-GCM sealed with the node's ledger key, held in memory from the TEE's key
/// derivation, so the host can neither read nor forge them; the node's signing key is never in
/// them — the closure methods take it as an argument): a snapshot at `path` (whole state,
/// atomic replacement) and a log at `path.log`, one 60-byte record per settle commit (the
/// channel's cumulative tokens and voucher nonce, bound to the ledger and to the counter value it
/// commits; see `LedgerLog`). A commit is one append and one `fdatasync`; the log starts over at
/// the next snapshot once it is longer than `logLimit`.
///
/// Group commit: settles that arrive while a commit is running join the next one (one write, one
/// `fdatasync`, one increment for all of them). Other changes take the commit turn alone.
public actor ChannelLedger {
    public static let defaultLogLimit = 64 * 1024

    public nonisolated let path: String
    /// The state in memory: the durable one plus the requests in flight and the settles being committed.
    public private(set) var machine: ProviderChannelStateMachine
    /// The counter value the durable state was recorded at.
    public private(set) var recordedCounter: UInt64
    /// Set once the state is known to be older than the counter; never cleared.
    public private(set) var staleness: LedgerError?
    /// When the ledger was created (its challenge is issued right after), persisted: a restarted
    /// node still knows how old an unused challenge is.
    public nonisolated let createdAt: Date

    private let counter: any MonotonicCounter
    private let seal: LedgerSeal
    private var log: LedgerLog
    private let logLimit: Int
    /// The current snapshot file's bytes, put back if a snapshot's increment fails.
    private var snapshotBytes: [UInt8]
    /// Set when a commit failed midway; never cleared (a new instance loaded from disk recovers).
    private var failure: LedgerError?

    /// Durable changes made in memory, and how many of them are committed.
    private var changes = 0
    private var committedChanges = 0
    /// Whether a commit (or a change that must commit alone) holds the turn.
    private var committing = false
    /// Settles applied in memory, waiting for the commit after the running one.
    private var followers: [CheckedContinuation<Turn, Never>] = []
    /// Changes waiting to take the commit turn alone.
    private var exclusives: [CheckedContinuation<Void, Never>] = []

    private enum Turn {
        /// Commit for yourself and every follower waiting with you.
        case lead
        /// A commit covered your change; nil if it succeeded.
        case done(LedgerError?)
    }

    private init(
        path: String, machine: ProviderChannelStateMachine, recordedCounter: UInt64, createdAt: Date, snapshotBytes: [UInt8],
        counter: any MonotonicCounter, seal: LedgerSeal, log: LedgerLog, logLimit: Int
    ) {
        self.path = path
        self.machine = machine
        self.recordedCounter = recordedCounter
        self.createdAt = createdAt
        self.snapshotBytes = snapshotBytes
        self.counter = counter
        self.seal = seal
        self.log = log
        self.logLimit = logLimit
    }

    /// A new ledger for a fresh machine, written at the counter's next value. Refuses to replace
    /// an existing ledger: that would forget channels the node still owes closures for.
    public static func create(
        path: String, domain: ChannelDomain, counter: any MonotonicCounter, key: SymmetricKey,
        createdAt: Date = Date(), logLimit: Int = defaultLogLimit
    ) async throws(LedgerError) -> ChannelLedger {
        guard !AtomicFile.exists(path) else { throw .alreadyExists(path: path) }
        let current = try await read(counter)
        let ledger = ChannelLedger(
            path: path, machine: ProviderChannelStateMachine(domain: domain), recordedCounter: current, createdAt: createdAt,
            snapshotBytes: [], counter: counter, seal: makeSeal(path, key: key),
            log: try LedgerLog(path: logPath(path), validLength: 0), logLimit: logLimit)
        try await ledger.commitCreation()
        return ledger
    }

    /// Loads the ledger at `path`: its snapshot, then the log's records after it. A state older
    /// than the counter still loads (so it can be inspected) but is marked stale and refuses to
    /// act. A state exactly one ahead of the counter was written by a node that stopped before
    /// incrementing; no newer state can exist (it would have needed that increment), so the
    /// increment is finished now. Requests that were in flight are gone, uncharged.
    public static func load(
        path: String, counter: any MonotonicCounter, key: SymmetricKey, logLimit: Int = defaultLogLimit
    ) async throws(LedgerError) -> ChannelLedger {
        let seal = makeSeal(path, key: key)
        let bytes = try AtomicFile.contents(of: path)
        let snapshot = try LedgerSnapshot.open(bytes, with: seal, path: path)
        let logPath = logPath(path)
        let replay = AtomicFile.exists(logPath)
            ? try LedgerLog.replay(AtomicFile.contents(of: logPath), after: snapshot.counter, seal: seal, path: logPath)
            : LedgerLog.Replay()
        var machine = snapshot.machine
        for progress in replay.progress {
            guard machine.advance(to: progress) else {
                throw .corrupt(path: logPath, reason: "a record does not follow the channel's state; expected cumulative counts that only grow, within the deposit")
            }
        }
        machine.restart()
        let recorded = snapshot.counter + UInt64(replay.progress.count)
        var current = try await read(counter)
        if recorded == current &+ 1 {
            current = try await increment(counter)
        }
        let ledger = ChannelLedger(
            path: path, machine: machine, recordedCounter: recorded, createdAt: snapshot.createdAt, snapshotBytes: bytes,
            counter: counter, seal: seal, log: try LedgerLog(path: logPath, validLength: replay.validLength), logLimit: logLimit)
        if recorded != current {
            await ledger.markStale(counter: current)
        }
        return ledger
    }

    private func commitCreation() async throws(LedgerError) {
        try await commitAlone { () throws(ChannelStateError) in }
    }

    public func issueChallenge(_ challenge: Challenge) async throws(LedgerError) -> Challenge {
        try await commitAlone { () throws(ChannelStateError) in try machine.issueChallenge(challenge) }
    }

    public func establish(_ facts: ChannelFacts) async throws(LedgerError) {
        try await commitAlone { () throws(ChannelStateError) in try machine.establish(facts) }
    }

    /// Whether a commit failed midway, so this instance refuses everything: the state in memory
    /// may be ahead of the one on disk. `load` makes a new instance from disk and counter.
    public var isHalted: Bool { failure != nil }

    /// Takes the payer's voucher session key. Nothing to persist: the key is held in memory only,
    /// so no file ever has it, and a restarted node asks the payer for a new grant.
    public func startSession(_ grant: VoucherSessionGrant, key: VoucherSessionKey) throws(LedgerError) {
        try usable()
        try Self.channel { () throws(ChannelStateError) in try machine.startSession(grant, key: key) }
    }

    /// Lets the machine decide. An accepted request's reservation is held in memory only; see the
    /// type's documentation for what that means after a crash.
    public func authorize(
        voucher: Voucher, promptTokens: UInt64, maxCompletionTokens: UInt64
    ) throws(LedgerError) -> ProviderChannelStateMachine.AuthorizeAction {
        try usable()
        return machine.authorize(voucher: voucher, promptTokens: promptTokens, maxCompletionTokens: maxCompletionTokens)
    }

    /// Charges the request's tokens and returns once the charge is durable (committed together
    /// with the settles that arrive meanwhile).
    public func settle(_ reservation: Reservation, completionTokens: UInt64) async throws(LedgerError) -> Charge {
        try usable()
        let charge = try Self.channel { () throws(ChannelStateError) in try machine.settle(reservation, completionTokens: completionTokens) }
        changes += 1
        try await commitTogether()
        return charge
    }

    /// Frees a failed request's reservation; nothing to persist, as the reservation never was.
    public func release(_ reservation: Reservation) throws(LedgerError) {
        try usable()
        try Self.channel { () throws(ChannelStateError) in try machine.release(reservation) }
    }

    /// `request_channel_closure()`: the approval, signed with the node's key, for a fresh state only.
    /// The signing key is an argument, never stored, so it is never in the ledger's files.
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

    /// The zero-spent approval for `channel`, proven to be opened with this ledger's challenge,
    /// which was never established here (see `ProviderChannelStateMachine.closeUnserved`).
    public func closeUnserved(channel: UInt64, signingKey: SecretKey) async throws(LedgerError) -> ClosureApproval {
        try await close(signingKey: signingKey) { (machine: inout ProviderChannelStateMachine, nonce) throws(ChannelStateError) in
            try machine.closeUnserved(channel: channel, nonce: nonce)
        }
    }

    /// Closes through `event`, whose approval carries the counter value the closed state is
    /// recorded at (the contract's `nonce`).
    private func close(
        signingKey: SecretKey,
        _ event: (inout ProviderChannelStateMachine, UInt64) throws(ChannelStateError) -> ProviderChannelStateMachine.ClosureAction
    ) async throws(LedgerError) -> ClosureApproval {
        await takeTurn()
        defer { handOver() }
        try await ensureFresh()
        let terms: ClosureTerms
        switch try Self.channel({ () throws(ChannelStateError) in try event(&machine, recordedCounter + 1) }) {
        case .signClosure(let closing):
            changes += 1
            try await commit(snapshot: true)
            terms = closing
        case .repeatClosure(let closed):
            terms = closed
        }
        do { return try ClosureApproval.sign(terms, with: signingKey) } catch { throw .signingFailed("\(error)") }
    }

    // MARK: commits

    /// Applies `event` with the commit turn held, then commits a snapshot: the changes that are
    /// not settles are rare and each must be durable before anything else happens.
    private func commitAlone<T>(_ event: () throws(ChannelStateError) -> T) async throws(LedgerError) -> T {
        await takeTurn()
        defer { handOver() }
        try usable()
        let result = try Self.channel(event)
        changes += 1
        try await commit(snapshot: true)
        return result
    }

    /// Makes the changes in memory durable: leads a commit if none is running, or else waits for
    /// the next one, which covers every change applied before it starts.
    private func commitTogether() async throws(LedgerError) {
        if committing {
            switch await withCheckedContinuation({ followers.append($0) }) {
            case .done(nil): return
            case .done(let error?): throw error
            case .lead: break
            }
        } else {
            committing = true
            // Settles already waiting for this actor (requests that ended together) apply their
            // changes first and join this commit, rather than waiting for the next one.
            await Task.yield()
        }
        let cohort = followers
        followers = []
        var outcome: LedgerError?
        do { try await commit(snapshot: false) } catch { outcome = error }
        for follower in cohort { follower.resume(returning: .done(outcome)) }
        handOver()
        if let outcome { throw outcome }
    }

    /// Waits for the commit turn, to change the state and commit alone.
    private func takeTurn() async {
        if committing {
            await withCheckedContinuation { exclusives.append($0) }
        } else {
            committing = true
        }
    }

    /// Passes the commit turn on: first to a change waiting to commit alone (its snapshot covers
    /// the settles applied meanwhile too), then to a waiting settle, which leads the next commit.
    private func handOver() {
        if !exclusives.isEmpty {
            exclusives.removeFirst().resume()
        } else if !followers.isEmpty {
            followers.removeFirst().resume(returning: .lead)
        } else {
            committing = false
        }
    }

    /// Writes the state in memory at the counter's next value (a log record, or a snapshot where
    /// asked, where the log is long or where the channel is not open), increments the counter, and
    /// adopts the state only if the increment returned exactly that value. Called with the turn held.
    private func commit(snapshot: Bool) async throws(LedgerError) {
        try usable()
        let covering = changes
        guard covering > committedChanges else { return }
        let target = recordedCounter + 1
        let logEnd = log.length
        let previousSnapshot = snapshotBytes
        var wroteSnapshot = false
        do {
            if !snapshot, log.length < logLimit, let progress = machine.progress {
                try log.append(progress, counter: target, seal: seal)
            } else {
                let bytes = try LedgerSnapshot(counter: target, createdAt: createdAt, machine: machine).sealed(with: seal, path: path)
                try AtomicFile.replace(path, with: bytes)
                snapshotBytes = bytes
                wroteSnapshot = true
            }
        } catch {
            throw halt("writing the state at counter \(target) failed: \(error)")
        }
        let reached: UInt64
        do { reached = try await counter.increment() } catch {
            // The change did not happen: take the write back, so a restart does not find (and
            // finish) it. Had the increment landed after all, the state is stale: the safe side.
            if !wroteSnapshot {
                try? log.truncate(to: logEnd)
            } else if previousSnapshot.isEmpty {
                AtomicFile.remove(path)  // the ledger's creation: no ledger, rather than one nobody can read
            } else {
                try? AtomicFile.replace(path, with: previousSnapshot)
            }
            throw halt("the counter's increment to \(target) failed: \(error)")
        }
        guard reached == target else {
            // Another instance of this state (a clone) incremented first: this one is stale now.
            throw markStale(counter: reached)
        }
        recordedCounter = target
        committedChanges = covering
        if wroteSnapshot && log.length > 0 {
            // Every record is in the snapshot now; a crash before this leaves records the next
            // load skips as superseded.
            do { try log.truncate(to: 0) } catch { throw halt("resetting the log after a snapshot failed: \(error)") }
        }
    }

    private func usable() throws(LedgerError) {
        if let staleness { throw staleness }
        if let failure { throw failure }
    }

    private func halt(_ reason: String) -> LedgerError {
        let halted = LedgerError.halted(reason)
        failure = halted
        return halted
    }

    private func ensureFresh() async throws(LedgerError) {
        try usable()
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

    private static func makeSeal(_ path: String, key: SymmetricKey) -> LedgerSeal {
        LedgerSeal(key: key, ledger: String(path.split(separator: "/").last ?? Substring(path)))
    }

    private static func logPath(_ path: String) -> String { path + ".log" }
}
