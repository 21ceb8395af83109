/// The shape of a llama-architecture model, read from GGUF metadata.
public struct LlamaHyperparameters: Sendable, Equatable {
    public var layerCount: Int
    public var embeddingWidth: Int
    public var feedForwardWidth: Int
    public var headCount: Int
    public var kvHeadCount: Int
    public var headWidth: Int
    public var contextLength: Int
    public var vocabularySize: Int
    public var ropeBase: Float
    public var normEpsilon: Float

    public var kvWidth: Int { kvHeadCount * headWidth }

    init(_ file: GGUFFile) throws(GGUFError) {
        let arch = try file.string("general.architecture")
        guard arch == "llama" else { throw .wrongKeyType(key: "general.architecture", expected: "\"llama\", found \"\(arch)\"") }
        layerCount = try file.int("llama.block_count")
        embeddingWidth = try file.int("llama.embedding_length")
        feedForwardWidth = try file.int("llama.feed_forward_length")
        headCount = try file.int("llama.attention.head_count")
        kvHeadCount = (try? file.int("llama.attention.head_count_kv")) ?? headCount
        contextLength = try file.int("llama.context_length")
        ropeBase = Float((try? file.double("llama.rope.freq_base")) ?? 10_000)
        normEpsilon = Float(try file.double("llama.attention.layer_norm_rms_epsilon"))
        guard headCount > 0, kvHeadCount > 0, headCount % kvHeadCount == 0, embeddingWidth % headCount == 0 else {
            throw .wrongKeyType(key: "llama.attention.head_count", expected: "a multiple of head_count_kv dividing embedding_length")
        }
        headWidth = embeddingWidth / headCount
        let embedding = try file.tensor("token_embd.weight")
        vocabularySize = embedding.shape.count == 2 ? embedding.shape[1] : 0
        guard headWidth % 2 == 0, embeddingWidth % 32 == 0, feedForwardWidth % 32 == 0 else {
            throw .tensorShape(tensor: "token_embd.weight", found: embedding.shape, expected: [32])
        }
    }
}
