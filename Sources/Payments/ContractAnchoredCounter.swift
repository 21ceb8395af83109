/// A monotonic counter kept in a contract on chain, for TEEs without a hardware counter: the
/// chain is the thing the host cannot rewind. `read` fetches the counter's value (the real one
/// through the NEAR client, verified by a light-client proof); `bump` submits the transaction that
/// increments it and returns the value after it.
///
/// It also refuses a value below one it already saw, which catches a stale or forged read within
/// one run of the node; across a VM restore that memory is gone, so the reads themselves must be
/// proven against the chain.
public actor ContractAnchoredCounter: MonotonicCounter {
    public typealias Read = @Sendable () async throws -> UInt64
    public typealias Bump = @Sendable () async throws -> UInt64

    private let read: Read
    private let bump: Bump
    private var highestSeen: UInt64 = 0

    public init(read: @escaping Read, bump: @escaping Bump) {
        self.read = read
        self.bump = bump
    }

    public func current() async throws -> UInt64 {
        let value = try await read()
        guard value >= highestSeen else { throw CounterError.wentBackwards(seen: highestSeen, reported: value) }
        highestSeen = value
        return value
    }

    public func increment() async throws -> UInt64 {
        let before = highestSeen
        let value = try await bump()
        guard value > before else { throw CounterError.didNotAdvance(seen: before, reported: value) }
        highestSeen = max(highestSeen, value)
        return value
    }
}
