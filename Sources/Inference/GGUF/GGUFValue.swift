/// One metadata value of a GGUF file.
public enum GGUFValue: Sendable, Equatable {
    case uint(UInt64)
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case string(String)
    case array([GGUFValue])

    public var int: Int? {
        switch self {
        case .uint(let v): Int(exactly: v)
        case .int(let v): Int(exactly: v)
        default: nil
        }
    }

    public var double: Double? {
        switch self {
        case .float(let v): v
        case .uint(let v): Double(v)
        case .int(let v): Double(v)
        default: nil
        }
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var array: [GGUFValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}
