#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One token of a forward pass: which sequence it belongs to and where.
struct BatchToken {
    var token: Int32
    var position: Int
    var cache: KVCache
    /// Only tokens that will be sampled from pay for the (large) output projection.
    var wantsLogits: Bool
}

/// A llama-architecture transformer computing on the mapped GGUF weights.
///
/// `forward` takes any mix of tokens from different sequences (prefill chunks and single
/// decode tokens alike): every matrix product reads each weight block once for the whole
/// batch, which is what continuous batching buys. Not thread-safe; the scheduler owns it.
final class LlamaModel {
    let file: GGUFFile
    let hyper: LlamaHyperparameters
    let maxBatch: Int
    private let embedding: WeightMatrix
    private let outputNorm: UnsafePointer<Float>
    private let output: WeightMatrix
    private let layers: [LlamaLayer]
    private let pool: ThreadPool
    private let inverseFrequencies: [Float]

    // Scratch, sized for `maxBatch` tokens.
    private let residual: UnsafeMutablePointer<Float>
    private let normed: Activations
    private let queries: UnsafeMutablePointer<Float>
    private let keys: UnsafeMutablePointer<Float>
    private let values: UnsafeMutablePointer<Float>
    private let attention: Activations
    private let projected: UnsafeMutablePointer<Float>
    private let gates: UnsafeMutablePointer<Float>
    private let ups: UnsafeMutablePointer<Float>
    private let hidden: Activations
    private let logits: UnsafeMutablePointer<Float>
    private let ropeCos: UnsafeMutablePointer<Float>
    private let ropeSin: UnsafeMutablePointer<Float>

    init(file: GGUFFile, threads: Int, maxBatch: Int) throws(GGUFError) {
        self.file = file
        let h = try LlamaHyperparameters(file)
        hyper = h
        self.maxBatch = maxBatch
        embedding = try WeightMatrix(file, "token_embd.weight", rows: h.vocabularySize, columns: h.embeddingWidth)
        outputNorm = try LlamaLayer.norm(file, "output_norm.weight", width: h.embeddingWidth)
        output = file.tensors["output.weight"] != nil
            ? try WeightMatrix(file, "output.weight", rows: h.vocabularySize, columns: h.embeddingWidth)
            : embedding
        var layers: [LlamaLayer] = []
        for i in 0..<h.layerCount { layers.append(try LlamaLayer(file, index: i, h)) }
        self.layers = layers
        pool = ThreadPool(threads: threads)
        inverseFrequencies = (0..<h.headWidth / 2).map { i in
            Float(pow(Double(h.ropeBase), -2 * Double(i) / Double(h.headWidth)))
        }

        let e = h.embeddingWidth, f = h.feedForwardWidth, kv = h.kvWidth
        residual = .allocate(capacity: maxBatch * e)
        normed = Activations(width: e, capacity: maxBatch)
        queries = .allocate(capacity: maxBatch * e)
        keys = .allocate(capacity: maxBatch * kv)
        values = .allocate(capacity: maxBatch * kv)
        attention = Activations(width: e, capacity: maxBatch)
        projected = .allocate(capacity: maxBatch * e)
        gates = .allocate(capacity: maxBatch * f)
        ups = .allocate(capacity: maxBatch * f)
        hidden = Activations(width: f, capacity: maxBatch)
        logits = .allocate(capacity: maxBatch * h.vocabularySize)
        ropeCos = .allocate(capacity: maxBatch * h.headWidth / 2)
        ropeSin = .allocate(capacity: maxBatch * h.headWidth / 2)
    }

    deinit {
        pool.shutdown()
        for p in [residual, queries, keys, values, projected, gates, ups, logits, ropeCos, ropeSin] { p.deallocate() }
    }

    func makeCache(initialCapacity: Int, limit: Int) -> KVCache {
        KVCache(layerCount: hyper.layerCount, width: hyper.kvWidth, limit: min(limit, hyper.contextLength), initialCapacity: initialCapacity)
    }

    /// Runs `batch` through the model and returns the logits of the tokens that want them,
    /// in batch order, as rows of `vocabularySize` floats valid until the next call.
    func forward(_ batch: [BatchToken]) -> UnsafeMutableBufferPointer<Float> {
        let n = batch.count
        precondition(n > 0 && n <= maxBatch, "batch of \(n) tokens, at most \(maxBatch)")
        let h = hyper, e = h.embeddingWidth, kv = h.kvWidth, hw = h.headWidth
        for (i, t) in batch.enumerated() {
            t.cache.reserve(t.position + 1)
            embedding.dequantizeRow(Int(t.token), into: residual + i * e)
            for j in 0..<hw / 2 {
                let angle = Float(t.position) * inverseFrequencies[j]
                ropeCos[i * hw / 2 + j] = cosf(angle)
                ropeSin[i * hw / 2 + j] = sinf(angle)
            }
        }
        normed.setCount(n)
        attention.setCount(n)
        hidden.setCount(n)

        for (l, layer) in layers.enumerated() {
            // Attention block.
            for i in 0..<n { VectorMath.rmsNorm(residual + i * e, layer.attentionNorm, normed.row(i), e, epsilon: h.normEpsilon) }
            normed.quantize(rows: 0..<n)
            multiply([(layer.query, queries), (layer.key, keys), (layer.value, values)], normed)
            for i in 0..<n {
                rotate(queries + i * e, heads: h.headCount, token: i)
                rotate(keys + i * kv, heads: h.kvHeadCount, token: i)
                let t = batch[i]
                t.cache.key(layer: l, position: t.position).update(from: keys + i * kv, count: kv)
                t.cache.value(layer: l, position: t.position).update(from: values + i * kv, count: kv)
            }
            attend(batch, layer: l)
            attention.quantize(rows: 0..<n)
            multiply([(layer.output, projected)], attention)
            for i in 0..<n { VectorMath.add(projected + i * e, into: residual + i * e, e) }

            // Feed-forward block (SwiGLU).
            for i in 0..<n { VectorMath.rmsNorm(residual + i * e, layer.feedForwardNorm, normed.row(i), e, epsilon: h.normEpsilon) }
            normed.quantize(rows: 0..<n)
            multiply([(layer.gate, gates), (layer.up, ups)], normed)
            let f = h.feedForwardWidth
            for i in 0..<n * f {
                let g = gates[i]
                hidden.values[i] = g / (1 + expf(-g)) * ups[i]
            }
            hidden.quantize(rows: 0..<n)
            multiply([(layer.down, projected)], hidden)
            for i in 0..<n { VectorMath.add(projected + i * e, into: residual + i * e, e) }
        }

        // Output projection for the tokens that are sampled.
        var m = 0
        for (i, t) in batch.enumerated() where t.wantsLogits {
            VectorMath.rmsNorm(residual + i * e, outputNorm, normed.row(m), e, epsilon: h.normEpsilon)
            m += 1
        }
        guard m > 0 else { return UnsafeMutableBufferPointer(start: logits, count: 0) }
        normed.setCount(m)
        normed.quantize(rows: 0..<m)
        multiply([(output, logits)], normed)
        return UnsafeMutableBufferPointer(start: logits, count: m * h.vocabularySize)
    }

    /// Computes several products of the same input in one parallel dispatch, splitting their
    /// concatenated rows evenly between the threads.
    private func multiply(_ jobs: [(WeightMatrix, UnsafeMutablePointer<Float>)], _ x: Activations) {
        let total = jobs.reduce(0) { $0 + $1.0.rows }
        pool.parallelFor(total, grain: 16) { range in
            var base = 0
            for (matrix, out) in jobs {
                let lo = max(range.lowerBound, base), hi = min(range.upperBound, base + matrix.rows)
                if lo < hi { matrix.multiply(x, rows: (lo - base)..<(hi - base), into: out, outStride: matrix.rows) }
                base += matrix.rows
            }
        }
    }

    /// RoPE in ggml's "normal" mode: adjacent pairs rotate (GGUF llama weights are permuted for it).
    @inline(__always)
    private func rotate(_ v: UnsafeMutablePointer<Float>, heads: Int, token: Int) {
        let hw = hyper.headWidth, half = hw / 2
        let c = ropeCos + token * half, s = ropeSin + token * half
        for head in 0..<heads {
            let p = v + head * hw
            for j in 0..<half {
                let x0 = p[2 * j], x1 = p[2 * j + 1]
                p[2 * j] = x0 * c[j] - x1 * s[j]
                p[2 * j + 1] = x0 * s[j] + x1 * c[j]
            }
        }
    }

    /// Causal grouped-query attention of every batch token over its own sequence's cache.
    private func attend(_ batch: [BatchToken], layer l: Int) {
        let h = hyper, hw = h.headWidth, e = h.embeddingWidth, kv = h.kvWidth
        let headCount = h.headCount
        let group = headCount / h.kvHeadCount
        let scale = 1 / Float(hw).squareRoot()
        // Resolve each token's cache rows once, outside the hot loop (no class access inside).
        let targets = batch.map { t in
            (keys: UnsafePointer(t.cache.key(layer: l, position: 0)), values: UnsafePointer(t.cache.value(layer: l, position: 0)), span: t.position + 1)
        }
        let queries = UnsafePointer(self.queries)
        let output = attention.values
        targets.withUnsafeBufferPointer { targets in
            pool.parallelFor(batch.count * headCount) { items in
                for item in items {
                    let i = item / headCount, head = item % headCount
                    let target = targets[i]
                    let kvOffset = (head / group) * hw
                    let q = queries + i * e + head * hw
                    let out = output + i * e + head * hw
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: target.span) { score in
                        let score = score.baseAddress!
                        var k = target.keys + kvOffset
                        for p in 0..<target.span {
                            score[p] = VectorMath.dot(q, k, hw) * scale
                            k += kv
                        }
                        VectorMath.softmax(score, target.span)
                        out.initialize(repeating: 0, count: hw)
                        var v = target.values + kvOffset
                        for p in 0..<target.span {
                            VectorMath.axpy(score[p], v, out, hw)
                            v += kv
                        }
                    }
                }
            }
        }
    }
}
