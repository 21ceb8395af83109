import WasmKit

/// An instantiated contract kept between calls, with the memory image it had right after
/// instantiation. Translating a module's functions happens per instance and dominates a short
/// call, so instances are reused — but each call must start from a fresh state (NEAR's
/// semantics), so before an instance goes back to the pool its memory is restored to that image.
/// Only modules whose single mutable global is the stack pointer are pooled (a call that returns
/// normally leaves it where it found it), and only after calls that neither trapped nor grew
/// memory; anything else is discarded. `@unchecked Sendable`: the runtime's pool lock hands an
/// instance to one call at a time.
final class PooledInstance: @unchecked Sendable {
    let store: Store
    let instance: Instance
    let memory: Memory?
    let box: NearCallContextBox
    let image: [UInt8]

    init(store: Store, instance: Instance, box: NearCallContextBox) {
        self.store = store
        self.instance = instance
        self.box = box
        memory = instance.exports[memory: "memory"]
        image = memory.map { m in m.withUnsafeBufferPointer(offset: 0, count: m.byteCount) { Array($0) } } ?? []
    }

    /// Puts memory back to its post-instantiation bytes; false when that is impossible (it grew).
    func reset() -> Bool {
        box.current = nil
        guard let memory else { return true }
        guard memory.byteCount == image.count else { return false }
        memory.withUnsafeMutableBufferPointer(offset: 0, count: image.count) { buffer in
            image.withUnsafeBytes { buffer.copyMemory(from: $0) }
        }
        return true
    }
}
