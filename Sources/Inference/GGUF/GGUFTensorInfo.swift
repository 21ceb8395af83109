/// Where one tensor lives inside the mapped file. `shape[0]` is the innermost (row) dimension, as in ggml.
public struct GGUFTensorInfo: Sendable {
    public let name: String
    public let shape: [Int]
    public let type: GGMLType
    /// Absolute byte offset of the tensor's data in the file.
    public let offset: Int
    public let byteCount: Int

    public var elementCount: Int { shape.reduce(1, *) }
}
