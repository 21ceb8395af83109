import InferenceKernels
import Testing

/// Every SIMD level of every kernel must agree with the scalar definition, and the scalar
/// definition must agree with a float computation on the dequantized weights.
@Suite(.serialized)
struct QuantizedKernelTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var blockBytes: Int
        var testDescription: String { name }
    }

    static let formats = [Case(name: "q4_0", blockBytes: 18), Case(name: "q4_1", blockBytes: 20), Case(name: "q8_0", blockBytes: 34)]

    /// Random but valid blocks: finite half-precision scales, any quant bytes.
    static func randomMatrix(_ format: Case, rows: Int, k: Int, rng: inout some RandomNumberGenerator) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: rows * k / 32 * format.blockBytes)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        for b in 0..<rows * k / 32 {
            let base = b * format.blockBytes
            let d = Float16(Float.random(in: 0.001...0.05, using: &rng)).bitPattern
            bytes[base] = UInt8(d & 0xff)
            bytes[base + 1] = UInt8(d >> 8)
            if format.name == "q4_1" {
                let m = Float16(Float.random(in: -0.2...0.2, using: &rng)).bitPattern
                bytes[base + 2] = UInt8(m & 0xff)
                bytes[base + 3] = UInt8(m >> 8)
            }
        }
        return bytes
    }

    static func dequantized(_ format: Case, _ w: [UInt8], row: Int, k: Int) -> [Float] {
        var out: [Float] = []
        for b in 0..<k / 32 {
            let base = (row * k / 32 + b) * format.blockBytes
            let d = Float(Float16(bitPattern: UInt16(w[base]) | UInt16(w[base + 1]) << 8))
            switch format.name {
            case "q8_0":
                for j in 0..<32 { out.append(d * Float(Int8(bitPattern: w[base + 2 + j]))) }
            case "q4_0":
                let q = w[(base + 2)..<(base + 18)]
                out += q.map { d * Float(Int($0 & 0xf) - 8) } + q.map { d * Float(Int($0 >> 4) - 8) }
            default:
                let m = Float(Float16(bitPattern: UInt16(w[base + 2]) | UInt16(w[base + 3]) << 8))
                let q = w[(base + 4)..<(base + 20)]
                out += q.map { d * Float($0 & 0xf) + m } + q.map { d * Float($0 >> 4) + m }
            }
        }
        return out
    }

    func run(_ format: Case, w: [UInt8], rows: Int, k: Int, x: [Float], ncols: Int) -> [Float] {
        var q = [Int8](repeating: 0, count: ncols * k)
        var d = [Float](repeating: 0, count: ncols * k / 32)
        var s = d
        for c in 0..<ncols {
            x.withUnsafeBufferPointer { xp in
                dcml_quantize_q8(xp.baseAddress! + c * k, Int64(k), &q[c * k], &d[c * k / 32], &s[c * k / 32])
            }
        }
        var out = [Float](repeating: .nan, count: ncols * rows)
        let f = format.name == "q4_0" ? dcml_matmul_q4_0 : format.name == "q4_1" ? dcml_matmul_q4_1 : dcml_matmul_q8_0
        f(w, Int64(k), 0, Int64(rows), q, d, s, Int64(ncols), &out, Int64(rows))
        return out
    }

    @Test(arguments: formats)
    func simdLevelsMatchScalar(_ format: Case) {
        var rng = SystemRandomNumberGenerator()
        let rows = 37, k = 576
        let best = dcml_kernel_set_level(9)
        defer { dcml_kernel_set_level(best) }
        let w = Self.randomMatrix(format, rows: rows, k: k, rng: &rng)
        for ncols in [1, 3, 4, 9] {
            let x = (0..<ncols * k).map { _ in Float.random(in: -2...2) }
            dcml_kernel_set_level(0)
            let reference = run(format, w: w, rows: rows, k: k, x: x, ncols: ncols)
            for level in 1...best {
                dcml_kernel_set_level(Int32(level))
                let got = run(format, w: w, rows: rows, k: k, x: x, ncols: ncols)
                for i in got.indices {
                    #expect(abs(got[i] - reference[i]) <= 1e-3 * max(1, abs(reference[i])),
                            "\(format.name) level \(level) ncols \(ncols) element \(i): \(got[i]) vs \(reference[i])")
                }
            }
        }
    }

    @Test(arguments: formats)
    func scalarMatchesDequantizedFloat(_ format: Case) {
        var rng = SystemRandomNumberGenerator()
        let rows = 8, k = 256
        let w = Self.randomMatrix(format, rows: rows, k: k, rng: &rng)
        let x = (0..<k).map { _ in Float.random(in: -1...1) }
        let got = run(format, w: w, rows: rows, k: k, x: x, ncols: 1)
        for r in 0..<rows {
            let exact = zip(Self.dequantized(format, w, row: r, k: k), x).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            let magnitude = zip(Self.dequantized(format, w, row: r, k: k), x).reduce(Float(0)) { $0 + abs($1.0 * $1.1) }
            // int8 activations lose ~1/254 of each block's range.
            #expect(abs(got[r] - exact) <= 0.02 * magnitude + 1e-4, "\(format.name) row \(r): \(got[r]) vs \(exact)")
        }
    }

    @Test func floatKernelsMatchPlainDotProducts() {
        let rows = 5, k = 40
        let w = (0..<rows * k).map { _ in Float.random(in: -1...1) }
        let x = (0..<2 * k).map { _ in Float.random(in: -1...1) }
        let half = w.map { Float16($0).bitPattern }
        var out32 = [Float](repeating: 0, count: 2 * rows), out16 = out32
        dcml_matmul_f32(w, Int64(k), 0, Int64(rows), x, 2, &out32, Int64(rows))
        dcml_matmul_f16(half, Int64(k), 0, Int64(rows), x, 2, &out16, Int64(rows))
        for c in 0..<2 {
            for r in 0..<rows {
                let exact = (0..<k).reduce(Float(0)) { $0 + w[r * k + $1] * x[c * k + $1] }
                #expect(abs(out32[c * rows + r] - exact) < 1e-4)
                #expect(abs(out16[c * rows + r] - exact) < 2e-2)
            }
        }
    }

    @Test func halfConversionHandlesSubnormalsAndSpecials() {
        let values: [Float16] = [0, -0, 1, -2.5, 65504, .infinity, -.infinity, Float16(bitPattern: 0x0001), Float16(bitPattern: 0x03ff)]
        var out = [Float](repeating: 0, count: values.count)
        dcml_f16_to_f32(values.map(\.bitPattern), &out, Int64(values.count))
        for (v, o) in zip(values, out) { #expect(Float(v) == o) }
    }
}
