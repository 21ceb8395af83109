/// Checks that a module stays inside what NEAR's runtime accepts: the MVP instruction set plus
/// sign-extension operators and mutable globals. Rejected: bulk memory (incl. the data-count
/// section, passive segments, `memory.copy/fill`), reference types (non-funcref tables, `ref.*`,
/// typed `select`, table instructions), multi-value (multiple results, type-indexed blocks),
/// SIMD, threads (shared memory, atomics), non-trapping float-to-int, exceptions, tail calls,
/// memory64, extended constants; imports other than NEAR's host functions with their exact
/// signatures (plus `env.memory`); and NEAR's size limits.
///
/// It walks every instruction of every body, so a feature cannot hide inside code that is never
/// called; it does not type-check the stack (WasmKit and NEAR do that when they compile).
public struct WasmValidator: Sendable {
    /// NEAR's `max_contract_size` (4 MiB).
    public var maxModuleSize = 4 * 1024 * 1024
    /// NEAR's `max_functions_number_per_contract`.
    public var maxFunctions = 10_000
    /// NEAR's `max_memory_pages` (64 KiB each).
    public var maxMemoryPages: UInt64 = 2048
    /// NEAR's `max_tables_per_contract`.
    public var maxTables = 1
    /// NEAR's `max_locals_per_contract`.
    public var maxLocals: UInt64 = 1_000_000

    public init() {}

    /// What the validator learned about an accepted module.
    public struct Summary: Equatable, Sendable {
        public var imports: [String] = []
        public var exportedFunctions: [String] = []
        public var functionCount = 0
        public var customSections: [String] = []
        /// Defined globals that are mutable (a wasm-ld module has one: its stack pointer).
        public var mutableGlobals = 0
    }

    @discardableResult
    public func validate(_ bytes: [UInt8]) throws(WasmValidationError) -> Summary {
        guard bytes.count <= maxModuleSize else {
            throw WasmValidationError(offset: 0, "module is \(bytes.count) bytes, NEAR's limit is \(maxModuleSize)")
        }
        var r = WasmBinaryReader(bytes)
        guard bytes.count >= 8, bytes[0..<4] == [0x00, 0x61, 0x73, 0x6D] else { throw r.error("expected the wasm magic \\0asm") }
        guard bytes[4..<8] == [1, 0, 0, 0] else { throw WasmValidationError(offset: 4, "expected binary version 1 (components and other layers are not modules)") }
        r.offset = 8

        var state = ModuleState()
        var summary = Summary()
        var lastId: UInt8 = 0
        while !r.isAtEnd {
            let id = try r.byte("section id")
            let size = try r.count("section size")
            let start = r.offset
            guard r.end - start >= size else { throw r.error("section \(id) claims \(size) bytes, only \(r.end - start) remain") }
            var s = WasmBinaryReader(bytes, from: start, to: start + size)
            if id != 0 {
                guard id <= 11 else {
                    switch id {
                    case 12: throw WasmValidationError(offset: start - 1, "data count section: bulk memory, which NEAR rejects")
                    case 13: throw WasmValidationError(offset: start - 1, "tag section: exception handling, which NEAR rejects")
                    default: throw WasmValidationError(offset: start - 1, "unknown section id \(id)")
                    }
                }
                guard id > lastId else { throw WasmValidationError(offset: start - 1, "section \(id) out of order or repeated (after \(lastId))") }
                lastId = id
            }
            switch id {
            case 0: summary.customSections.append(try s.name("custom section name")); s.offset = s.end
            case 1: try typeSection(&s, &state)
            case 2: try importSection(&s, &state, &summary)
            case 3: try functionSection(&s, &state)
            case 4: try tableSection(&s, &state)
            case 5: try memorySection(&s, &state)
            case 6: try globalSection(&s, &state)
            case 7: try exportSection(&s, &state, &summary)
            case 8: _ = try s.unsigned("start function index")
            case 9: try elementSection(&s, &state)
            case 10: try codeSection(&s, &state)
            case 11: try dataSection(&s, &state)
            default: break
            }
            guard s.offset == s.end else { throw s.error("section \(id) has \(s.end - s.offset) trailing bytes") }
            r.offset = start + size
        }
        guard state.declaredFunctions == state.definedBodies else {
            throw r.error("function section declares \(state.declaredFunctions) functions, code section has \(state.definedBodies) bodies")
        }
        summary.functionCount = state.importedFunctions + state.declaredFunctions
        summary.mutableGlobals = state.mutableGlobals
        guard summary.functionCount <= maxFunctions else { throw r.error("\(summary.functionCount) functions, NEAR's limit is \(maxFunctions)") }
        return summary
    }

    struct ModuleState {
        var typeCount = 0
        var importedFunctions = 0
        var declaredFunctions = 0
        var definedBodies = 0
        var tables = 0
        var memories = 0
        var totalLocals: UInt64 = 0
        var mutableGlobals = 0
        /// Signatures by type index, to check NEAR imports against.
        var types: [NearHostFunctions.Signature] = []
    }

    func typeSection(_ s: inout WasmBinaryReader, _ state: inout ModuleState) throws(WasmValidationError) {
        let n = try s.count("type count")
        for _ in 0..<n {
            let form = try s.byte("function type form")
            guard form == 0x60 else {
                throw WasmValidationError(offset: s.offset - 1, "type form 0x\(String(form, radix: 16)) (only function types 0x60 are MVP; GC and function-reference types are rejected)")
            }
            var params: [WasmValueType] = []
            for _ in 0..<(try s.count("parameter count")) { params.append(try s.valueType("parameter")) }
            let resultCount = try s.count("result count")
            guard resultCount <= 1 else { throw s.error("function type with \(resultCount) results: multi-value, which NEAR rejects") }
            var results: [WasmValueType] = []
            for _ in 0..<resultCount { results.append(try s.valueType("result")) }
            state.types.append(.init(parameters: params, results: results))
        }
        state.typeCount = n
    }

    func limits(_ s: inout WasmBinaryReader, _ what: String) throws(WasmValidationError) -> (min: UInt64, max: UInt64?) {
        let flags = try s.byte("\(what) limits flags")
        switch flags {
        case 0: return (try s.unsigned("\(what) minimum"), nil)
        case 1: return (try s.unsigned("\(what) minimum"), try s.unsigned("\(what) maximum"))
        case 2, 3: throw WasmValidationError(offset: s.offset - 1, "shared \(what): threads, which NEAR rejects")
        default: throw WasmValidationError(offset: s.offset - 1, "\(what) limits flags 0x\(String(flags, radix: 16)) (memory64 or custom page sizes), which NEAR rejects")
        }
    }

    func memoryType(_ s: inout WasmBinaryReader, _ state: inout ModuleState) throws(WasmValidationError) {
        state.memories += 1
        guard state.memories == 1 else { throw s.error("more than one memory: multi-memory, which NEAR rejects") }
        let (minimum, _) = try limits(&s, "memory")
        guard minimum <= maxMemoryPages else { throw s.error("memory starts at \(minimum) pages, NEAR's limit is \(maxMemoryPages)") }
    }

    func tableType(_ s: inout WasmBinaryReader, _ state: inout ModuleState) throws(WasmValidationError) {
        let element = try s.byte("table element type")
        guard element == 0x70 else { throw WasmValidationError(offset: s.offset - 1, "table of 0x\(String(element, radix: 16)): reference types, which NEAR rejects") }
        _ = try limits(&s, "table")
        state.tables += 1
        guard state.tables <= maxTables else { throw s.error("\(state.tables) tables, NEAR's limit is \(maxTables)") }
    }

    func importSection(_ s: inout WasmBinaryReader, _ state: inout ModuleState, _ summary: inout Summary) throws(WasmValidationError) {
        for _ in 0..<(try s.count("import count")) {
            let at = s.offset
            let module = try s.name("import module")
            let name = try s.name("import name")
            let kind = try s.byte("import kind")
            guard module == NearHostFunctions.module else {
                throw WasmValidationError(offset: at, "import \(module).\(name): NEAR only links module \"env\"")
            }
            switch kind {
            case 0:
                let typeIndex = try s.count("import type index")
                guard typeIndex < state.types.count else { throw s.error("import \(name) uses type \(typeIndex), only \(state.types.count) declared") }
                guard let expected = NearHostFunctions.all[name] else {
                    throw WasmValidationError(offset: at, "import env.\(name) is not a NEAR host function (a toolchain symbol the contract must define or avoid?)")
                }
                let actual = state.types[typeIndex]
                guard actual == expected else {
                    throw WasmValidationError(offset: at, "import env.\(name) has signature \(actual.parameters) -> \(actual.results), NEAR's is \(expected.parameters) -> \(expected.results)")
                }
                state.importedFunctions += 1
                summary.imports.append(name)
            case 2:
                guard name == "memory" else { throw WasmValidationError(offset: at, "memory import env.\(name): NEAR provides only env.memory") }
                try memoryType(&s, &state)
                summary.imports.append(name)
            case 1: throw WasmValidationError(offset: at, "table import env.\(name): NEAR provides no tables")
            case 3: throw WasmValidationError(offset: at, "global import env.\(name): NEAR provides no globals")
            default: throw WasmValidationError(offset: at, "import kind \(kind) (tags are exception handling), which NEAR rejects")
            }
        }
    }

    func functionSection(_ s: inout WasmBinaryReader, _ state: inout ModuleState) throws(WasmValidationError) {
        let n = try s.count("function count")
        for _ in 0..<n {
            let t = try s.count("function type index")
            guard t < state.typeCount else { throw s.error("function uses type \(t), only \(state.typeCount) declared") }
        }
        state.declaredFunctions = n
    }

    func tableSection(_ s: inout WasmBinaryReader, _ state: inout ModuleState) throws(WasmValidationError) {
        for _ in 0..<(try s.count("table count")) { try tableType(&s, &state) }
    }

    func memorySection(_ s: inout WasmBinaryReader, _ state: inout ModuleState) throws(WasmValidationError) {
        for _ in 0..<(try s.count("memory count")) { try memoryType(&s, &state) }
    }

    func globalSection(_ s: inout WasmBinaryReader, _ state: inout ModuleState) throws(WasmValidationError) {
        for _ in 0..<(try s.count("global count")) {
            _ = try s.valueType("global type")
            let mutability = try s.byte("global mutability")
            guard mutability <= 1 else { throw s.error("global mutability \(mutability), expected 0 or 1") }
            state.mutableGlobals += Int(mutability)
            try constantExpression(&s)
        }
    }

    /// MVP constant expressions: one constant or `global.get`, then `end`.
    func constantExpression(_ s: inout WasmBinaryReader) throws(WasmValidationError) {
        let op = try s.byte("constant expression")
        switch op {
        case 0x41: try s.signed("i32.const", bits: 32)
        case 0x42: try s.signed("i64.const", bits: 64)
        case 0x43: try s.skip(4, "f32.const")
        case 0x44: try s.skip(8, "f64.const")
        case 0x23: _ = try s.unsigned("global index")
        case 0xD0, 0xD2: throw WasmValidationError(offset: s.offset - 1, "ref.null/ref.func in a constant: reference types, which NEAR rejects")
        default: throw WasmValidationError(offset: s.offset - 1, "opcode 0x\(String(op, radix: 16)) in a constant expression, expected a single constant or global.get")
        }
        let end = try s.byte("end of constant expression")
        guard end == 0x0B else { throw WasmValidationError(offset: s.offset - 1, "constant expression with more than one instruction: extended constants, which NEAR rejects") }
    }

    func exportSection(_ s: inout WasmBinaryReader, _ state: inout ModuleState, _ summary: inout Summary) throws(WasmValidationError) {
        for _ in 0..<(try s.count("export count")) {
            let name = try s.name("export name")
            let kind = try s.byte("export kind")
            guard kind <= 3 else { throw s.error("export kind \(kind) (tags are exception handling), which NEAR rejects") }
            _ = try s.unsigned("export index")
            if kind == 0 { summary.exportedFunctions.append(name) }
        }
    }

    func elementSection(_ s: inout WasmBinaryReader, _ state: inout ModuleState) throws(WasmValidationError) {
        for _ in 0..<(try s.count("element segment count")) {
            let flags = try s.unsigned("element segment flags")
            guard flags == 0 else {
                throw s.error("element segment flags \(flags) (passive, declarative, explicit-table or expression segments): bulk memory / reference types, which NEAR rejects")
            }
            try constantExpression(&s)
            for _ in 0..<(try s.count("element count")) { _ = try s.unsigned("function index") }
        }
    }

    func dataSection(_ s: inout WasmBinaryReader, _ state: inout ModuleState) throws(WasmValidationError) {
        for _ in 0..<(try s.count("data segment count")) {
            let flags = try s.unsigned("data segment flags")
            guard flags == 0 else {
                throw s.error("data segment flags \(flags) (passive or explicit-memory segments): bulk memory, which NEAR rejects")
            }
            try constantExpression(&s)
            try s.skip(try s.count("data length"), "data bytes")
        }
    }

    func codeSection(_ s: inout WasmBinaryReader, _ state: inout ModuleState) throws(WasmValidationError) {
        let n = try s.count("code count")
        for _ in 0..<n {
            let size = try s.count("function body size")
            let start = s.offset
            guard s.end - start >= size else { throw s.error("function body claims \(size) bytes, only \(s.end - start) remain") }
            var body = WasmBinaryReader(s.bytes, from: start, to: start + size)
            for _ in 0..<(try body.count("local declaration count")) {
                state.totalLocals += try body.unsigned("local count")
                guard state.totalLocals <= maxLocals else { throw body.error("more than \(maxLocals) locals, NEAR's limit") }
                _ = try body.valueType("local type")
            }
            try instructions(&body)
            s.offset = start + size
        }
        state.definedBodies = n
    }

    /// Walks one body's instructions up to its final `end`, rejecting every opcode outside
    /// MVP + sign-ext.
    func instructions(_ r: inout WasmBinaryReader) throws(WasmValidationError) {
        var depth = 0
        while true {
            let at = r.offset
            let op = try r.byte("instruction")
            func reject(_ feature: String) -> WasmValidationError {
                WasmValidationError(offset: at, "opcode 0x\(String(op, radix: 16)): \(feature), which NEAR rejects")
            }
            switch op {
            case 0x00, 0x01, 0x05, 0x0F, 0x1A, 0x1B: break
            case 0x02, 0x03, 0x04:
                let blockType = try r.byte("block type")
                if blockType != 0x40 && WasmValueType(rawValue: blockType) == nil {
                    throw WasmValidationError(offset: r.offset - 1, "block with a type index or reference result: multi-value / reference types, which NEAR rejects")
                }
                depth += 1
            case 0x0B:
                if depth == 0 {
                    guard r.isAtEnd else { throw r.error("\(r.end - r.offset) bytes after the function body's final end") }
                    return
                }
                depth -= 1
            case 0x0C, 0x0D: _ = try r.unsigned("branch depth")
            case 0x0E:
                for _ in 0..<(try r.count("br_table length")) { _ = try r.unsigned("branch depth") }
                _ = try r.unsigned("br_table default")
            case 0x10: _ = try r.unsigned("function index")
            case 0x11:
                _ = try r.unsigned("type index")
                let table = try r.byte("call_indirect table")
                guard table == 0 else { throw WasmValidationError(offset: r.offset - 1, "call_indirect on table \(table): reference types, which NEAR rejects") }
            case 0x20...0x24: _ = try r.unsigned("local or global index")
            case 0x28...0x3E:
                _ = try r.unsigned("alignment")
                _ = try r.unsigned("offset")
            case 0x3F, 0x40:
                let memory = try r.byte("memory index")
                guard memory == 0 else { throw WasmValidationError(offset: r.offset - 1, "memory index \(memory): multi-memory, which NEAR rejects") }
            case 0x41: try r.signed("i32.const", bits: 32)
            case 0x42: try r.signed("i64.const", bits: 64)
            case 0x43: try r.skip(4, "f32.const")
            case 0x44: try r.skip(8, "f64.const")
            case 0x45...0xBF: break
            case 0xC0...0xC4: break  // sign-extension operators
            case 0x06...0x0A, 0x18, 0x19, 0x1F: throw reject("exception handling")
            case 0x12, 0x13: throw reject("tail calls")
            case 0x14, 0x15, 0xD3...0xD6: throw reject("typed function references")
            case 0x1C, 0x25, 0x26, 0xD0...0xD2: throw reject("reference types")
            case 0xFB: throw reject("garbage collection")
            case 0xFC:
                let sub = try r.unsigned("0xFC sub-opcode")
                throw WasmValidationError(offset: at, sub <= 7
                    ? "opcode 0xFC \(sub): non-trapping float-to-int conversion, which NEAR rejects"
                    : "opcode 0xFC \(sub): bulk memory or table instruction, which NEAR rejects")
            case 0xFD: throw reject("SIMD")
            case 0xFE: throw reject("threads (atomics)")
            default: throw reject("unknown opcode")
            }
        }
    }
}
