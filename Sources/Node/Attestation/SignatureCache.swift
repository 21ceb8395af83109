import Foundation
import Synchronization

/// Signatures by completion id for `GET /v1/signature/{id}`: bounded (the oldest entry goes when
/// full) and expiring (an entry older than `ttl` is gone), so memory stays flat under any load.
public final class SignatureCache: Sendable {
    private struct State {
        var entries: [String: (SignedResponse, ContinuousClock.Instant)] = [:]
        /// Insertion order, oldest first from `head`.
        var order: [String] = []
        var head = 0
    }

    public let capacity: Int
    public let ttl: Duration
    private let state = Mutex(State())

    public init(capacity: Int = 10_000, ttl: Duration = .seconds(3600)) {
        self.capacity = max(1, capacity)
        self.ttl = ttl
    }

    public func insert(_ signed: SignedResponse, id: String, now: ContinuousClock.Instant = .now) {
        state.withLock { s in
            // Drop expired and over-capacity entries from the old end.
            while s.head < s.order.count {
                let oldest = s.order[s.head]
                guard let (_, at) = s.entries[oldest] else { s.head += 1; continue }
                guard s.entries.count >= capacity || now - at > ttl else { break }
                s.entries[oldest] = nil
                s.head += 1
            }
            if s.head > 1024, s.head * 2 > s.order.count {
                s.order.removeFirst(s.head)
                s.head = 0
            }
            if s.entries[id] == nil { s.order.append(id) }
            s.entries[id] = (signed, now)
        }
    }

    public func lookup(_ id: String, now: ContinuousClock.Instant = .now) -> SignedResponse? {
        state.withLock { s in
            guard let (signed, at) = s.entries[id] else { return nil }
            guard now - at <= ttl else { s.entries[id] = nil; return nil }
            return signed
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }
}
