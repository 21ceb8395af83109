import InferenceKernels

/// A 2-D weight tensor in the mapped GGUF file: `rows` rows of `columns` weights each, in one
/// of the GGML encodings. Products run directly on the encoded blocks.
struct WeightMatrix: @unchecked Sendable {
    let name: String
    let type: GGMLType
    let rows: Int
    let columns: Int
    let data: UnsafeRawPointer

    init(_ file: GGUFFile, _ name: String, rows: Int, columns: Int) throws(GGUFError) {
        let info = try file.tensor(name)
        guard info.shape == [columns, rows] else {
            throw .tensorShape(tensor: name, found: info.shape, expected: [columns, rows])
        }
        self.name = name
        self.type = info.type
        self.rows = rows
        self.columns = columns
        self.data = file.data(of: info).baseAddress!
    }

    /// Whether this matrix takes int8-quantized activations (else float activations).
    var takesQuantizedInput: Bool {
        switch type {
        case .q4_0, .q4_1, .q8_0: true
        case .f16, .f32: false
        }
    }

    /// `out[c * outStride + r] = row r · column c of x` for `r` in `rows`, every column of `x`.
    func multiply(_ x: Activations, rows range: Range<Int>, into out: UnsafeMutablePointer<Float>, outStride: Int) {
        precondition(x.width == columns)
        let r0 = Int64(range.lowerBound), r1 = Int64(range.upperBound)
        let k = Int64(columns), n = Int64(x.count), os = Int64(outStride)
        switch type {
        case .q4_0: dcml_matmul_q4_0(data, k, r0, r1, x.quantized, x.scales, x.sums, n, out, os)
        case .q4_1: dcml_matmul_q4_1(data, k, r0, r1, x.quantized, x.scales, x.sums, n, out, os)
        case .q8_0: dcml_matmul_q8_0(data, k, r0, r1, x.quantized, x.scales, x.sums, n, out, os)
        case .f16: dcml_matmul_f16(data, k, r0, r1, x.values, n, out, os)
        case .f32: dcml_matmul_f32(data, k, r0, r1, x.values, n, out, os)
        }
    }

    /// Writes row `r` as floats (embedding lookup).
    func dequantizeRow(_ r: Int, into out: UnsafeMutablePointer<Float>) {
        let rowBytes = type.byteCount(elements: columns)
        let row = data + r * rowBytes
        switch type {
        case .f32:
            out.update(from: row.assumingMemoryBound(to: Float.self), count: columns)
        case .f16:
            dcml_f16_to_f32(row.assumingMemoryBound(to: UInt16.self), out, Int64(columns))
        case .q8_0, .q4_0, .q4_1:
            for b in 0..<columns / 32 {
                let block = row + b * type.blockBytes
                let d = Float(Float16(bitPattern: block.loadUnaligned(as: UInt16.self)))
                let o = out + b * 32
                switch type {
                case .q8_0:
                    for j in 0..<32 { o[j] = d * Float(block.load(fromByteOffset: 2 + j, as: Int8.self)) }
                case .q4_0:
                    for j in 0..<16 {
                        let q = block.load(fromByteOffset: 2 + j, as: UInt8.self)
                        o[j] = d * Float(Int(q & 0xF) - 8)
                        o[j + 16] = d * Float(Int(q >> 4) - 8)
                    }
                default:
                    let m = Float(Float16(bitPattern: block.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
                    for j in 0..<16 {
                        let q = block.load(fromByteOffset: 4 + j, as: UInt8.self)
                        o[j] = d * Float(q & 0xF) + m
                        o[j + 16] = d * Float(q >> 4) + m
                    }
                }
            }
        }
    }
}
