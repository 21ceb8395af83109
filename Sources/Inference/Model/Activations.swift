import InferenceKernels

/// Up to `capacity` activation vectors of `width` floats, plus their int8 block quantization
/// (computed once and shared by every matrix that reads them, e.g. Q, K and V).
final class Activations {
    let width: Int
    let capacity: Int
    private(set) var count = 0
    let values: UnsafeMutablePointer<Float>
    let quantized: UnsafeMutablePointer<Int8>
    let scales: UnsafeMutablePointer<Float>
    let sums: UnsafeMutablePointer<Float>

    init(width: Int, capacity: Int) {
        precondition(width % 32 == 0, "activation width must be a multiple of 32")
        self.width = width
        self.capacity = capacity
        values = .allocate(capacity: width * capacity)
        values.initialize(repeating: 0, count: width * capacity)
        quantized = .allocate(capacity: width * capacity)
        scales = .allocate(capacity: width / 32 * capacity)
        sums = .allocate(capacity: width / 32 * capacity)
    }

    deinit {
        values.deallocate()
        quantized.deallocate()
        scales.deallocate()
        sums.deallocate()
    }

    func row(_ i: Int) -> UnsafeMutablePointer<Float> { values + i * width }

    func setCount(_ n: Int) {
        precondition(n <= capacity)
        count = n
    }

    /// Quantizes rows `range` (all rows are quantized before a matrix reads them).
    func quantize(rows range: Range<Int>) {
        let blocks = width / 32
        for i in range {
            dcml_quantize_q8(values + i * width, Int64(width), quantized + i * width, scales + i * blocks, sums + i * blocks)
        }
    }
}
