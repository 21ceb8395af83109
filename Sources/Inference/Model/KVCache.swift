/// The keys and values one sequence has produced so far, for every layer. It grows in steps
/// as the sequence does (a short chat never pays for the full context), up to `limit`.
final class KVCache {
    let layerCount: Int
    let width: Int
    let limit: Int
    private(set) var capacity: Int
    /// Layout: [layer][position][width] for keys, the same for values.
    private(set) var keys: UnsafeMutablePointer<Float>
    private(set) var values: UnsafeMutablePointer<Float>

    init(layerCount: Int, width: Int, limit: Int, initialCapacity: Int) {
        self.layerCount = layerCount
        self.width = width
        self.limit = limit
        capacity = min(max(initialCapacity, 1), limit)
        keys = .allocate(capacity: layerCount * capacity * width)
        values = .allocate(capacity: layerCount * capacity * width)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    var byteCount: Int { 2 * layerCount * capacity * width * MemoryLayout<Float>.size }

    /// Makes room for positions `0..<positions` (at most `limit`).
    func reserve(_ positions: Int) {
        guard positions > capacity else { return }
        let newCapacity = min(limit, max(positions, capacity * 2))
        keys = grow(keys, to: newCapacity)
        values = grow(values, to: newCapacity)
        capacity = newCapacity
    }

    private func grow(_ old: UnsafeMutablePointer<Float>, to newCapacity: Int) -> UnsafeMutablePointer<Float> {
        let new = UnsafeMutablePointer<Float>.allocate(capacity: layerCount * newCapacity * width)
        for l in 0..<layerCount {
            (new + l * newCapacity * width).update(from: old + l * capacity * width, count: capacity * width)
        }
        old.deallocate()
        return new
    }

    @inline(__always) func key(layer: Int, position: Int) -> UnsafeMutablePointer<Float> {
        keys + (layer * capacity + position) * width
    }

    @inline(__always) func value(layer: Int, position: Int) -> UnsafeMutablePointer<Float> {
        values + (layer * capacity + position) * width
    }
}
