/// Cursor over a wasm binary: bytes, LEB128 integers and names, each failing with an error that
/// names what was expected rather than trapping on short input.
struct WasmBinaryReader {
    let bytes: [UInt8]
    var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = start
        self.end = end ?? bytes.count
    }

    var isAtEnd: Bool { offset >= end }

    func error(_ message: String) -> WasmValidationError { WasmValidationError(offset: offset, message) }

    mutating func byte(_ what: String) throws(WasmValidationError) -> UInt8 {
        guard offset < end else { throw error("unexpected end of input, expected \(what)") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func skip(_ count: Int, _ what: String) throws(WasmValidationError) {
        guard count >= 0, end - offset >= count else { throw error("unexpected end of input, expected \(count) bytes of \(what)") }
        offset += count
    }

    /// Unsigned LEB128 of at most `bits` bits (u32 unless told).
    mutating func unsigned(_ what: String, bits: Int = 32) throws(WasmValidationError) -> UInt64 {
        var result: UInt64 = 0
        var shift = 0
        while true {
            let b = try byte(what)
            if shift >= bits || (bits - shift < 7 && UInt64(b & 0x7F) >> UInt64(bits - shift) != 0) {
                throw error("\(what): LEB128 longer than \(bits) bits")
            }
            result |= UInt64(b & 0x7F) << UInt64(shift)
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Signed LEB128 of at most `bits` bits; only its length matters to the validator.
    mutating func signed(_ what: String, bits: Int) throws(WasmValidationError) {
        var shift = 0
        while true {
            let b = try byte(what)
            shift += 7
            if b & 0x80 == 0 { return }
            if shift >= ((bits + 6) / 7) * 7 { throw error("\(what): LEB128 longer than \(bits) bits") }
        }
    }

    mutating func count(_ what: String) throws(WasmValidationError) -> Int { Int(try unsigned(what)) }

    mutating func name(_ what: String) throws(WasmValidationError) -> String {
        let length = try count("\(what) length")
        let start = offset
        try skip(length, what)
        guard let s = String(validating: bytes[start..<(start + length)], as: UTF8.self) else {
            throw WasmValidationError(offset: start, "\(what) is not UTF-8")
        }
        return s
    }

    mutating func valueType(_ what: String) throws(WasmValidationError) -> WasmValueType {
        let b = try byte(what)
        guard let type = WasmValueType(rawValue: b) else {
            switch b {
            case 0x7B: throw WasmValidationError(offset: offset - 1, "\(what): v128 needs SIMD, which NEAR rejects")
            case 0x70, 0x6F, 0x64, 0x63: throw WasmValidationError(offset: offset - 1, "\(what): reference types, which NEAR rejects")
            default: throw WasmValidationError(offset: offset - 1, "\(what): unknown value type 0x\(String(b, radix: 16))")
            }
        }
        return type
    }
}
