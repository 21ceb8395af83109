import Foundation

/// Runs `work` for chunks 0..<count on several threads and `consume` for each finished chunk in
/// order on the calling thread, with at most `window` chunks in flight.
///
/// Chunks of the STREAM construction are independent given their counter, so encryption and
/// decryption spread over the cores; what must be sequential (SHA-256 of a file's bytes, progress)
/// runs in `consume`. A chunk uses slot `index % window`: by the time a worker claims chunk i, chunk
/// i - window has been consumed, so per-slot buffers are reused without copies or allocation.
/// The first error, by chunk index, wins; no chunk after a failed one is consumed.
final class ChunkPipeline: @unchecked Sendable {
    let count: Int
    let window: Int
    private let condition = NSCondition()
    private var nextClaim = 0
    private var consumed = 0
    private var ready: [Bool]
    private var failure: (index: Int, error: SealingError)?

    init(count: Int, window: Int) {
        self.count = count
        self.window = max(1, window)
        ready = [Bool](repeating: false, count: self.window)
    }

    static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    func run(workers: Int,
             work: @escaping @Sendable (_ index: Int, _ slot: Int) throws(SealingError) -> Void,
             consume: (_ index: Int, _ slot: Int) throws(SealingError) -> Void) throws(SealingError) {
        let finished = DispatchGroup()
        for _ in 0..<max(1, workers) {
            finished.enter()
            let thread = Thread { [self] in
                workerLoop(work)
                finished.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        var consumerError: SealingError?
        for index in 0..<count {
            condition.lock()
            while !ready[index % window] && failure == nil { condition.wait() }
            let stop = failure != nil && !ready[index % window]
            condition.unlock()
            if stop { break }
            do { try consume(index, index % window) } catch {
                fail(index, error)
                consumerError = error
                break
            }
            condition.lock()
            ready[index % window] = false
            consumed = index + 1
            condition.broadcast()
            condition.unlock()
        }
        finished.wait()
        if let failure { throw failure.error }
        if let consumerError { throw consumerError }
    }

    private func workerLoop(_ work: (Int, Int) throws(SealingError) -> Void) {
        while true {
            condition.lock()
            while nextClaim < count && failure == nil && nextClaim - consumed >= window { condition.wait() }
            guard nextClaim < count, failure == nil else { condition.unlock(); return }
            let index = nextClaim
            nextClaim += 1
            condition.unlock()
            do {
                try work(index, index % window)
                condition.lock()
                ready[index % window] = true
                condition.broadcast()
                condition.unlock()
            } catch {
                fail(index, error)
            }
        }
    }

    private func fail(_ index: Int, _ error: SealingError) {
        condition.lock()
        if failure == nil || index < failure!.index { failure = (index, error) }
        condition.broadcast()
        condition.unlock()
    }
}
