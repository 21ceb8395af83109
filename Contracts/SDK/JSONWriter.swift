/// Writes compact JSON into bytes. Commas are placed automatically: each `key` or value inside a
/// container after the first is preceded by one.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// One flag per open container: whether it already has an element.
    var hasElement: [Bool] = []
    var afterKey = false

    public init() {}

    mutating func separate() {
        if afterKey { afterKey = false; return }
        if let last = hasElement.last {
            if last { bytes.append(0x2C) }
            hasElement[hasElement.count - 1] = true
        }
    }

    public mutating func beginObject() { separate(); bytes.append(0x7B); hasElement.append(false) }
    public mutating func endObject() { hasElement.removeLast(); bytes.append(0x7D) }
    public mutating func beginArray() { separate(); bytes.append(0x5B); hasElement.append(false) }
    public mutating func endArray() { hasElement.removeLast(); bytes.append(0x5D) }

    public mutating func key(_ name: StaticString) {
        separate()
        quoted(staticBytes(name))
        bytes.append(0x3A)
        afterKey = true
    }

    public mutating func string(_ utf8: [UInt8]) { separate(); quoted(utf8) }
    public mutating func string(_ literal: StaticString) { string(staticBytes(literal)) }
    public mutating func bool(_ value: Bool) { separate(); bytes += staticBytes(value ? "true" : "false") }
    public mutating func null() { separate(); bytes += staticBytes("null") }
    public mutating func number(_ value: UInt64) { separate(); bytes += decimal(UInt128(value)) }
    /// `u128` as a decimal string, NEAR's convention for amounts (JSON numbers lose precision).
    public mutating func amount(_ value: UInt128) { separate(); bytes.append(0x22); bytes += decimal(value); bytes.append(0x22) }

    mutating func quoted(_ utf8: [UInt8]) {
        bytes.append(0x22)
        for c in utf8 {
            switch c {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            case 0x0D: bytes.append(0x5C); bytes.append(0x72)
            case 0x09: bytes.append(0x5C); bytes.append(0x74)
            case 0..<0x20:
                bytes += staticBytes("\\u00")
                bytes.append(hexDigit(c >> 4)); bytes.append(hexDigit(c & 0xF))
            default: bytes.append(c)
            }
        }
        bytes.append(0x22)
    }
}

func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }

/// The decimal digits of `value`.
public func decimal(_ value: UInt128) -> [UInt8] {
    if value == 0 { return [0x30] }
    var digits: [UInt8] = []
    var v = value
    while v > 0 {
        digits.append(0x30 + UInt8(v % 10))
        v /= 10
    }
    return digits.reversed()
}
