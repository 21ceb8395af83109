import Synchronization

/// Word -> ids, shared by all copies of a tokenizer and all threads. Natural text repeats a
/// small set of words, so most words skip BPE entirely. Bounded: cleared when full, which
/// keeps memory flat under adversarial input at the cost of re-merging.
final class BPEWordCache: Sendable {
    private let storage = Mutex<[String: [Int32]]>([:])
    let capacity: Int

    init(capacity: Int = 65_536) {
        self.capacity = capacity
    }

    func ids(for word: String) -> [Int32]? {
        storage.withLock { $0[word] }
    }

    func store(_ ids: [Int32], for word: String) {
        storage.withLock { cache in
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[word] = ids
        }
    }
}
