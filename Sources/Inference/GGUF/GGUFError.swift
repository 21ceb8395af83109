/// Why a GGUF file could not be read. Every case names what was found and what was expected.
public enum GGUFError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, errno: Int32)
    case truncated(field: String, offset: Int, needed: Int, fileSize: Int)
    case badMagic(found: UInt32)
    case unsupportedVersion(UInt32)
    case unknownValueType(key: String, type: UInt32)
    case unknownTensorType(tensor: String, type: UInt32)
    case invalidString(offset: Int)
    case tensorOutOfBounds(tensor: String, end: Int, fileSize: Int)
    case missingKey(String)
    case wrongKeyType(key: String, expected: String)
    case missingTensor(String)
    case tensorShape(tensor: String, found: [Int], expected: [Int])

    public var description: String {
        switch self {
        case .cannotOpen(let path, let e): "cannot open GGUF file \(path): errno \(e)"
        case .truncated(let field, let offset, let needed, let size):
            "GGUF file truncated reading \(field) at offset \(offset): need \(needed) bytes, file has \(size)"
        case .badMagic(let m): "not a GGUF file: magic 0x\(String(m, radix: 16)), expected 0x46554747 (\"GGUF\")"
        case .unsupportedVersion(let v): "unsupported GGUF version \(v), expected 2 or 3"
        case .unknownValueType(let key, let t): "metadata key \(key) has unknown value type \(t), expected 0...12"
        case .unknownTensorType(let name, let t): "tensor \(name) has unsupported type \(t), expected F32, F16, Q4_0, Q4_1 or Q8_0"
        case .invalidString(let o): "invalid UTF-8 string at offset \(o)"
        case .tensorOutOfBounds(let name, let end, let size): "tensor \(name) ends at byte \(end), past the end of the file (\(size) bytes)"
        case .missingKey(let k): "GGUF metadata key \(k) is missing"
        case .wrongKeyType(let k, let e): "GGUF metadata key \(k) has the wrong type, expected \(e)"
        case .missingTensor(let n): "GGUF tensor \(n) is missing"
        case .tensorShape(let n, let f, let e): "tensor \(n) has shape \(f), expected \(e)"
        }
    }
}
