/// The tensor encodings the engine computes on. Raw values are ggml's `ggml_type`.
public enum GGMLType: UInt32, Sendable {
    case f32 = 0
    case f16 = 1
    case q4_0 = 2
    case q4_1 = 3
    case q8_0 = 8

    /// Elements per block.
    public var blockSize: Int {
        switch self {
        case .f32, .f16: 1
        case .q4_0, .q4_1, .q8_0: 32
        }
    }

    /// Bytes per block.
    public var blockBytes: Int {
        switch self {
        case .f32: 4
        case .f16: 2
        case .q4_0: 18   // f16 d, 16 bytes of nibbles
        case .q4_1: 20   // f16 d, f16 m, 16 bytes of nibbles
        case .q8_0: 34   // f16 d, 32 int8
        }
    }

    public func byteCount(elements: Int) -> Int {
        elements / blockSize * blockBytes
    }
}
