/// Hand-assembled wasm modules for the validator tests: just enough of the binary format to put
/// one forbidden construct into an otherwise valid module.
enum WasmModuleBytes {
    static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    static func leb(_ value: Int) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        repeat {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { b |= 0x80 }
            out.append(b)
        } while v != 0
        return out
    }

    static func section(_ id: UInt8, _ body: [UInt8]) -> [UInt8] { [id] + leb(body.count) + body }

    static func name(_ s: String) -> [UInt8] { leb(s.utf8.count) + Array(s.utf8) }

    /// Type 0: () -> (); type 1: (i64, i64) -> () — `value_return`'s signature.
    static let types = section(1, [0x02, 0x60, 0x00, 0x00, 0x60, 0x02, 0x7E, 0x7E, 0x00])

    /// A module with one exported `() -> ()` function whose body (after zero locals) is `code`
    /// followed by `end`, plus any extra sections in id order.
    static func module(code: [UInt8] = [], types: [UInt8]? = nil, imports: [UInt8]? = nil, memory: [UInt8]? = nil,
                       globals: [UInt8]? = nil, data: [UInt8]? = nil, table: [UInt8]? = nil, before code10: [UInt8] = []) -> [UInt8] {
        var out = header + (types ?? Self.types)
        if let imports { out += imports }
        out += section(3, [0x01, 0x00])
        if let table { out += table }
        out += memory ?? section(5, [0x01, 0x00, 0x01])
        if let globals { out += globals }
        let importedFunctions = imports == nil ? 0 : 1
        out += section(7, [0x01] + name("run") + [0x00] + leb(importedFunctions))
        out += code10
        let body = [0x00] + code + [0x0B]
        out += section(10, [0x01] + leb(body.count) + body)
        if let data { out += data }
        return out
    }
}
