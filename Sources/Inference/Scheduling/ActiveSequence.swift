import Synchronization

/// One admitted generation: its tokens, its cache, its sampler and the stream it feeds.
/// Owned by the scheduler thread; only `cancelled` is touched from elsewhere.
final class ActiveSequence: @unchecked Sendable {
    let prompt: [Int32]
    let maxTokens: Int
    let ignoreEndOfTurn: Bool
    let cache: KVCache
    let continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation
    let cancelled = Atomic<Bool>(false)

    var sampler: Sampler
    private var detokenizer: StreamingDetokenizer
    private var stopMatcher: StopSequenceMatcher
    /// Tokens already in the cache.
    var length = 0
    /// The token to feed next once the prompt is in (the last sampled one).
    var nextToken: Int32 = 0
    private(set) var generated = 0

    init(prompt: [Int32], maxTokens: Int, ignoreEndOfTurn: Bool, cache: KVCache, sampler: Sampler, detokenizer: StreamingDetokenizer,
         stop: [String], continuation: AsyncThrowingStream<GenerationEvent, any Error>.Continuation) {
        self.prompt = prompt
        self.maxTokens = maxTokens
        self.ignoreEndOfTurn = ignoreEndOfTurn
        self.cache = cache
        self.sampler = sampler
        self.detokenizer = detokenizer
        self.stopMatcher = StopSequenceMatcher(stop)
        self.continuation = continuation
    }

    var isPrefilling: Bool { length < prompt.count }

    var usage: TokenUsage { TokenUsage(promptTokens: prompt.count, completionTokens: generated) }

    /// Handles a newly sampled token: streams its text and returns false once the sequence
    /// has finished (end of turn, stop sequence, max_tokens or a full context).
    func accept(_ token: Int32, endsGeneration: Bool) -> Bool {
        if endsGeneration && !ignoreEndOfTurn {
            finish(.stop)
            return false
        }
        generated += 1
        switch stopMatcher.append(detokenizer.feed(token)) {
        case .stopped(let before):
            emit(before)
            end(.stop)
            return false
        case .text(let text):
            emit(text)
        }
        if generated >= maxTokens || length + 1 >= cache.limit {
            finish(.length)
            return false
        }
        nextToken = token
        return true
    }

    /// Flushes held-back text (which may still complete a stop sequence) and ends the stream.
    private func finish(_ reason: FinishReason) {
        switch stopMatcher.append(detokenizer.finish()) {
        case .stopped(let before):
            emit(before)
            end(.stop)
        case .text(let text):
            emit(text + stopMatcher.flush())
            end(reason)
        }
    }

    private func emit(_ text: String) {
        if !text.isEmpty { continuation.yield(.text(text)) }
    }

    private func end(_ reason: FinishReason) {
        continuation.yield(.finished(reason, usage))
        continuation.finish()
    }
}
