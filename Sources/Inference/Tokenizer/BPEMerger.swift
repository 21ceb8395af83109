/// Applies BPE merges to one word: repeatedly merges the adjacent pair with the lowest rank,
/// the leftmost first among equal ranks (llama.cpp's order, so ids match it exactly).
///
/// Ranks live in a dictionary keyed by the pair of token ids (no string building). Short words
/// keep an array of pair ranks and rescan it (cache-friendly, no allocation beyond two small
/// arrays); long words (whitespace runs, minified code) use a linked list and a binary heap so
/// the cost stays O(n log n).
struct BPEMerger: Sendable {
    /// (left id << 32 | right id) -> (rank << 32 | merged id).
    let merges: [UInt64: UInt64]

    static let longWord = 64

    @inline(__always)
    static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    @inline(__always)
    func lookup(_ left: Int32, _ right: Int32) -> (rank: UInt32, merged: Int32) {
        guard let v = merges[Self.key(left, right)] else { return (.max, -1) }
        return (UInt32(truncatingIfNeeded: v >> 32), Int32(truncatingIfNeeded: v & 0xFFFF_FFFF))
    }

    /// Merges `symbols` (initially one token per byte) in place.
    func merge(_ symbols: inout [Int32]) {
        if symbols.count < 2 { return }
        if symbols.count >= Self.longWord {
            mergeLong(&symbols)
            return
        }
        var ranks: [UInt32] = []
        var merged: [Int32] = []
        ranks.reserveCapacity(symbols.count)
        merged.reserveCapacity(symbols.count)
        for i in 0..<symbols.count - 1 {
            let r = lookup(symbols[i], symbols[i + 1])
            ranks.append(r.rank)
            merged.append(r.merged)
        }
        while true {
            var best = -1
            var bestRank = UInt32.max
            for i in 0..<ranks.count where ranks[i] < bestRank {
                bestRank = ranks[i]
                best = i
            }
            if best < 0 { return }
            symbols[best] = merged[best]
            symbols.remove(at: best + 1)
            ranks.remove(at: best)
            merged.remove(at: best)
            if best > 0 {
                let r = lookup(symbols[best - 1], symbols[best])
                ranks[best - 1] = r.rank
                merged[best - 1] = r.merged
            }
            if best < ranks.count {
                let r = lookup(symbols[best], symbols[best + 1])
                ranks[best] = r.rank
                merged[best] = r.merged
            }
        }
    }

    private struct Candidate {
        var rank: UInt32
        var left: Int32
        var right: Int32
        var leftID: Int32
        var rightID: Int32
        var merged: Int32

        @inline(__always)
        func precedes(_ other: Candidate) -> Bool {
            rank < other.rank || (rank == other.rank && left < other.left)
        }
    }

    private func mergeLong(_ symbols: inout [Int32]) {
        let n = symbols.count
        var ids = symbols
        var next = (0..<n).map { Int32($0 + 1) }
        next[n - 1] = -1
        var prev = (0..<n).map { Int32($0 - 1) }
        var heap: [Candidate] = []
        heap.reserveCapacity(n)

        func push(_ l: Int32, _ r: Int32) {
            guard l >= 0, r >= 0 else { return }
            let m = lookup(ids[Int(l)], ids[Int(r)])
            guard m.merged >= 0 else { return }
            heap.append(Candidate(rank: m.rank, left: l, right: r, leftID: ids[Int(l)], rightID: ids[Int(r)], merged: m.merged))
            var i = heap.count - 1
            while i > 0 {
                let p = (i - 1) / 2
                guard heap[i].precedes(heap[p]) else { break }
                heap.swapAt(i, p)
                i = p
            }
        }
        func pop() -> Candidate? {
            guard let top = heap.first else { return nil }
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var m = i
                    if l < heap.count, heap[l].precedes(heap[m]) { m = l }
                    if r < heap.count, heap[r].precedes(heap[m]) { m = r }
                    if m == i { break }
                    heap.swapAt(i, m)
                    i = m
                }
            }
            return top
        }

        for i in 0..<n - 1 { push(Int32(i), Int32(i + 1)) }
        while let c = pop() {
            let l = Int(c.left), r = Int(c.right)
            // Skip candidates made stale by an earlier merge.
            guard next[l] == c.right, ids[l] == c.leftID, ids[r] == c.rightID else { continue }
            ids[l] = c.merged
            ids[r] = -1
            next[l] = next[r]
            if next[r] >= 0 { prev[Int(next[r])] = c.left }
            push(prev[l], c.left)
            push(c.left, next[l])
        }
        symbols.removeAll(keepingCapacity: true)
        var i: Int32 = 0
        while i >= 0 {
            symbols.append(ids[Int(i)])
            i = next[Int(i)]
        }
    }
}
