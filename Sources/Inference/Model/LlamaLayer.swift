/// One transformer block's weights.
struct LlamaLayer: @unchecked Sendable {
    let attentionNorm: UnsafePointer<Float>
    let query: WeightMatrix
    let key: WeightMatrix
    let value: WeightMatrix
    let output: WeightMatrix
    let feedForwardNorm: UnsafePointer<Float>
    let gate: WeightMatrix
    let up: WeightMatrix
    let down: WeightMatrix

    init(_ file: GGUFFile, index i: Int, _ h: LlamaHyperparameters) throws(GGUFError) {
        let p = "blk.\(i)."
        attentionNorm = try Self.norm(file, p + "attn_norm.weight", width: h.embeddingWidth)
        query = try WeightMatrix(file, p + "attn_q.weight", rows: h.embeddingWidth, columns: h.embeddingWidth)
        key = try WeightMatrix(file, p + "attn_k.weight", rows: h.kvWidth, columns: h.embeddingWidth)
        value = try WeightMatrix(file, p + "attn_v.weight", rows: h.kvWidth, columns: h.embeddingWidth)
        output = try WeightMatrix(file, p + "attn_output.weight", rows: h.embeddingWidth, columns: h.embeddingWidth)
        feedForwardNorm = try Self.norm(file, p + "ffn_norm.weight", width: h.embeddingWidth)
        gate = try WeightMatrix(file, p + "ffn_gate.weight", rows: h.feedForwardWidth, columns: h.embeddingWidth)
        up = try WeightMatrix(file, p + "ffn_up.weight", rows: h.feedForwardWidth, columns: h.embeddingWidth)
        down = try WeightMatrix(file, p + "ffn_down.weight", rows: h.embeddingWidth, columns: h.feedForwardWidth)
    }

    /// Norm weights are F32 vectors.
    static func norm(_ file: GGUFFile, _ name: String, width: Int) throws(GGUFError) -> UnsafePointer<Float> {
        let info = try file.tensor(name)
        guard info.type == .f32, info.shape == [width] else {
            throw .tensorShape(tensor: name, found: info.shape, expected: [width])
        }
        return file.data(of: info).baseAddress!.assumingMemoryBound(to: Float.self)
    }
}
