#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Picks the next token from logits: greedy at temperature 0, otherwise temperature, top-k and
/// top-p (nucleus) sampling driven by a seeded generator.
struct Sampler {
    let parameters: SamplingParameters
    private var rng: Xoshiro256
    /// Candidate buffer reused between calls (one sampler per sequence).
    private var candidates: [(id: Int32, p: Float)] = []

    init(_ parameters: SamplingParameters) {
        self.parameters = parameters
        var system = SystemRandomNumberGenerator()
        rng = Xoshiro256(seed: parameters.seed ?? system.next())
    }

    var isGreedy: Bool { parameters.temperature <= 0 || parameters.topK == 1 }

    mutating func sample(_ logits: UnsafeBufferPointer<Float>) -> Int32 {
        if isGreedy { return Self.argmax(logits) }
        let temperature = Float(parameters.temperature)
        var maxLogit = -Float.infinity
        for v in logits { maxLogit = max(maxLogit, v) }

        let topK = parameters.topK > 0 ? min(parameters.topK, logits.count) : logits.count
        let topP = Float(parameters.topP)
        if topK == logits.count && topP >= 1 {
            // Plain temperature sampling: one pass to normalize, one to draw.
            var total: Double = 0
            for v in logits { total += Double(expf((v - maxLogit) / temperature)) }
            var u = rng.nextUnit() * total
            for (i, v) in logits.enumerated() {
                u -= Double(expf((v - maxLogit) / temperature))
                if u <= 0 { return Int32(i) }
            }
            return Int32(logits.count - 1)
        }

        // Keep the most likely tokens: the top k, or for top-p a prefix that is provably
        // enough (grow it until its mass reaches p of the total).
        var total: Float = 0
        for v in logits { total += expf((v - maxLogit) / temperature) }
        var keep = min(topK, 256)
        while true {
            selectTop(keep, logits, maxLogit: maxLogit, temperature: temperature)
            let mass = candidates.reduce(Float(0)) { $0 + $1.p }
            if keep >= topK || mass >= topP * total { break }
            keep = min(topK, keep * 4)
        }
        // Nucleus: the smallest prefix whose probability reaches top_p.
        var cut = candidates.count
        if topP < 1 {
            var cumulative: Float = 0
            let kept = candidates.reduce(Float(0)) { $0 + $1.p }
            for (i, c) in candidates.enumerated() {
                cumulative += c.p
                if cumulative >= topP * (topK < logits.count ? kept : total) {
                    cut = i + 1
                    break
                }
            }
        }
        let mass = candidates[..<cut].reduce(Float(0)) { $0 + $1.p }
        var u = Float(rng.nextUnit()) * mass
        for c in candidates[..<cut] {
            u -= c.p
            if u <= 0 { return c.id }
        }
        return candidates[cut - 1].id
    }

    /// Fills `candidates` with the `k` largest logits as unnormalized probabilities, sorted descending.
    private mutating func selectTop(_ k: Int, _ logits: UnsafeBufferPointer<Float>, maxLogit: Float, temperature: Float) {
        if k >= logits.count {
            candidates = logits.enumerated().map { (Int32($0.offset), $0.element) }
        } else {
            // Threshold selection: keep a running min-heap of size k.
            var heap = MinHeap(capacity: k)
            for (i, v) in logits.enumerated() { heap.offer(id: Int32(i), value: v) }
            candidates = heap.items
        }
        candidates.sort { $0.p > $1.p }
        for i in candidates.indices { candidates[i].p = expf((candidates[i].p - maxLogit) / temperature) }
    }

    static func argmax(_ logits: UnsafeBufferPointer<Float>) -> Int32 {
        var best = 0
        var bestValue = -Float.infinity
        for (i, v) in logits.enumerated() where v > bestValue {
            best = i
            bestValue = v
        }
        return Int32(best)
    }
}

/// A bounded min-heap keeping the largest `capacity` values offered.
private struct MinHeap {
    let capacity: Int
    var items: [(id: Int32, p: Float)] = []

    init(capacity: Int) {
        self.capacity = capacity
        items.reserveCapacity(capacity)
    }

    mutating func offer(id: Int32, value: Float) {
        if items.count < capacity {
            items.append((id, value))
            siftUp(items.count - 1)
        } else if value > items[0].p {
            items[0] = (id, value)
            siftDown(0)
        }
    }

    private mutating func siftUp(_ i: Int) {
        var i = i
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i].p < items[parent].p else { return }
            items.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func siftDown(_ i: Int) {
        var i = i
        while true {
            let l = 2 * i + 1, r = l + 1
            var smallest = i
            if l < items.count && items[l].p < items[smallest].p { smallest = l }
            if r < items.count && items[r].p < items[smallest].p { smallest = r }
            guard smallest != i else { return }
            items.swapAt(i, smallest)
            i = smallest
        }
    }
}
