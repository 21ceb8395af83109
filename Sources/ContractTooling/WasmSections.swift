/// Section-level surgery on a wasm binary.
public enum WasmSections {
    /// `bytes` without its custom sections (names, producers, target features): they carry no
    /// code, NEAR ignores them, and they are where toolchains put paths and versions.
    public static func removingCustomSections(_ bytes: [UInt8]) throws(WasmValidationError) -> [UInt8] {
        guard bytes.count >= 8, bytes[0..<4] == [0x00, 0x61, 0x73, 0x6D] else {
            throw WasmValidationError(offset: 0, "expected the wasm magic \\0asm")
        }
        var out = Array(bytes[0..<8])
        var r = WasmBinaryReader(bytes, from: 8)
        while !r.isAtEnd {
            let start = r.offset
            let id = try r.byte("section id")
            let size = try r.count("section size")
            let bodyStart = r.offset
            try r.skip(size, "section \(id)")
            if id != 0 { out += bytes[start..<(bodyStart + size)] }
        }
        return out
    }
}
