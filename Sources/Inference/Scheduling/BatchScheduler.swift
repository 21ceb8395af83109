#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Continuous batching on a dedicated thread: every step runs one forward pass holding the next
/// token of every decoding sequence plus a chunk of the prompts being prefilled, samples, and
/// streams. New requests join at the next step; finished or cancelled ones leave at once.
///
/// The waiting queue is bounded: a full queue refuses work (429) instead of growing latency
/// without limit.
final class BatchScheduler: @unchecked Sendable {
    private let model: LlamaModel
    private let tokenizer: BPETokenizer
    private let maxSequences: Int
    private let queueCapacity: Int

    private struct Shared {
        var waiting: [ActiveSequence] = []
        var shuttingDown = false
    }
    private let shared = Mutex(Shared())
    private let wakeup = ConditionSignal()
    private var thread: pthread_t?

    init(model: LlamaModel, tokenizer: BPETokenizer, maxSequences: Int, queueCapacity: Int) {
        self.model = model
        self.tokenizer = tokenizer
        self.maxSequences = max(1, maxSequences)
        self.queueCapacity = queueCapacity
        let box = Unmanaged.passRetained(self)
        var t = pthread_t()
        pthread_create(&t, nil, { raw in
            let scheduler = Unmanaged<BatchScheduler>.fromOpaque(raw!).takeRetainedValue()
            scheduler.loop()
            return nil
        }, box.toOpaque())
        thread = t
    }

    /// Queues a sequence; throws `queueFull` when `queueCapacity` requests are already waiting.
    func submit(_ sequence: ActiveSequence) throws(InferenceError) {
        let result: InferenceError? = shared.withLock { state in
            if state.shuttingDown { return .shuttingDown }
            if state.waiting.count >= queueCapacity { return .queueFull(capacity: queueCapacity) }
            state.waiting.append(sequence)
            return nil
        }
        if let result { throw result }
        wakeup.signal()
    }

    /// Wakes the loop so it notices a cancelled sequence promptly.
    func poke() {
        wakeup.signal()
    }

    /// Fails every queued and running sequence with `shuttingDown` and stops the thread.
    func shutdown() {
        shared.withLock { $0.shuttingDown = true }
        wakeup.signal()
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }

    private func loop() {
        var running: [ActiveSequence] = []
        /// Tokens of one forward pass; prompts are cut into chunks that fit beside the decodes.
        let tokenBudget = model.maxBatch
        while true {
            // Admit waiting sequences, or sleep until there is work.
            let (admitted, stop) = shared.withLock { state -> ([ActiveSequence], Bool) in
                if state.shuttingDown { return (state.waiting, true) }
                let free = maxSequences - running.count
                let take = min(free, state.waiting.count)
                let admitted = Array(state.waiting.prefix(take))
                state.waiting.removeFirst(take)
                return (admitted, false)
            }
            if stop {
                for s in running + admitted { s.continuation.finish(throwing: InferenceError.shuttingDown) }
                return
            }
            running += admitted
            running.removeAll { sequence in
                guard sequence.cancelled.load(ordering: .relaxed) else { return false }
                sequence.continuation.finish()
                return true
            }
            if running.isEmpty {
                wakeup.wait { self.shared.withLock { !$0.waiting.isEmpty || $0.shuttingDown } }
                continue
            }
            step(&running, tokenBudget: tokenBudget)
        }
    }

    /// One forward pass over all running sequences.
    private func step(_ running: inout [ActiveSequence], tokenBudget: Int) {
        var batch: [BatchToken] = []
        var owners: [(sequence: ActiveSequence, tokens: Int)] = []
        // Decoding sequences first: their latency is what users feel.
        for s in running where !s.isPrefilling {
            batch.append(BatchToken(token: s.nextToken, position: s.length, cache: s.cache, wantsLogits: true))
            owners.append((s, 1))
        }
        for s in running where s.isPrefilling && batch.count < tokenBudget {
            let end = min(s.prompt.count, s.length + tokenBudget - batch.count)
            for p in s.length..<end {
                batch.append(BatchToken(token: s.prompt[p], position: p, cache: s.cache, wantsLogits: p == s.prompt.count - 1))
            }
            owners.append((s, end - s.length))
        }
        let logits = model.forward(batch)
        let vocabulary = model.hyper.vocabularySize

        var row = 0
        var finished: Set<ObjectIdentifier> = []
        for (s, tokens) in owners {
            s.length += tokens
            guard !s.isPrefilling else { continue }
            let rowLogits = UnsafeBufferPointer(rebasing: logits[row * vocabulary..<(row + 1) * vocabulary])
            row += 1
            let token = s.sampler.sample(rowLogits)
            if !s.accept(token, endsGeneration: tokenizer.isEndOfGeneration(token)) {
                finished.insert(ObjectIdentifier(s))
            }
        }
        if !finished.isEmpty { running.removeAll { finished.contains(ObjectIdentifier($0)) } }
    }
}
