import NearLightClient

/// Reading request params without a Codable type per method (NEAR accepts arrays and objects).
extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, index < items.count { return items[index] }
        return nil
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var uint64: UInt64? {
        switch self {
        case .unsigned(let v): v
        case .integer(let v): UInt64(exactly: v)
        case .string(let s): UInt64(s)
        default: nil
        }
    }

    var isNull: Bool { if case .null = self { return true } else { return false } }

    static func u128(_ value: UInt128) -> JSONValue { .string(String(value)) }
    static func hash(_ value: CryptoHash) -> JSONValue { .string(value.base58) }
}
