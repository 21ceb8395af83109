/// A parsed JSON document. Strings and numbers keep their bytes (numbers as written), so nothing
/// depends on floating point or on `String`'s Unicode machinery; NEAR passes `u128` amounts as
/// decimal strings, read with `uint128`.
public enum JSONValue {
    case null
    case bool(Bool)
    case number([UInt8])
    case string([UInt8])
    case array([JSONValue])
    case object([JSONMember])

    /// Parses `bytes`; panics (reverting the call) on malformed JSON.
    public static func parse(_ bytes: [UInt8]) -> JSONValue {
        var reader = JSONReader(bytes)
        return reader.document()
    }

    /// The member named `key` of an object, nil for a missing key or a non-object.
    public subscript(_ key: StaticString) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        let name = staticBytes(key)
        for member in members where member.key == name { return member.value }
        return nil
    }

    public var stringBytes: [UInt8]? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// A non-negative integer written as a JSON number or a decimal string.
    public var uint64: UInt64? {
        guard let value = uint128, value <= UInt128(UInt64.max) else { return nil }
        return UInt64(value)
    }

    public var uint128: UInt128? {
        let digits: [UInt8]
        switch self {
        case .number(let d), .string(let d): digits = d
        default: return nil
        }
        if digits.isEmpty { return nil }
        var value: UInt128 = 0
        for d in digits {
            if d < 0x30 || d > 0x39 { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt128(d - 0x30))
            if o1 || o2 { return nil }
            value = s
        }
        return value
    }
}

public struct JSONMember {
    public var key: [UInt8]
    public var value: JSONValue
}

func staticBytes(_ s: StaticString) -> [UInt8] {
    [UInt8](UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
}
