/// First-come, first-served turns for an actor's operations that must not interleave across
/// their suspension points (an actor alone only keeps them from running at the same instant).
/// Owned by one actor and used only from it. Not generic over a result on purpose: Swift 6.3.1
/// miscompiles generic async functions returning values that hold a `UInt128` (README, Layout),
/// so callers keep their result in a local.
final class TurnQueue {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` once every operation that asked before it has finished.
    func run(isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Void) async throws {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        try await body()
    }
}
