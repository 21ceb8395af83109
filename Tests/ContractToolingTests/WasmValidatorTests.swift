import Testing
@testable import ContractTooling

@Suite struct WasmValidatorTests {
    let validator = WasmValidator()

    func rejects(_ bytes: [UInt8], mentioning phrase: String) {
        do {
            try validator.validate(bytes)
            Issue.record("expected rejection mentioning '\(phrase)', module was accepted")
        } catch {
            #expect(error.message.contains(phrase), "message was: \(error.message)")
        }
    }

    @Test func acceptsMinimalModuleWithSignExtAndMutableGlobal() throws {
        // i32.const 1; i32.extend8_s; drop — sign-ext is in NEAR's set.
        let globals = WasmModuleBytes.section(6, [0x01, 0x7F, 0x01, 0x41, 0x00, 0x0B])
        let summary = try validator.validate(WasmModuleBytes.module(code: [0x41, 0x01, 0xC0, 0x1A], globals: globals))
        #expect(summary.exportedFunctions == ["run"])
        #expect(summary.functionCount == 1)
    }

    @Test func acceptsNearImportWithItsSignature() throws {
        let imports = WasmModuleBytes.section(2, [0x01] + WasmModuleBytes.name("env") + WasmModuleBytes.name("value_return") + [0x00, 0x01])
        let summary = try validator.validate(WasmModuleBytes.module(imports: imports))
        #expect(summary.imports == ["value_return"])
    }

    @Test func rejectsBulkMemoryInstructions() {
        rejects(WasmModuleBytes.module(code: [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x00, 0x00]), mentioning: "bulk memory")
        rejects(WasmModuleBytes.module(code: [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0B, 0x00]), mentioning: "bulk memory")
    }

    @Test func rejectsDataCountSectionAndPassiveSegments() {
        rejects(WasmModuleBytes.module(before: WasmModuleBytes.section(12, [0x00])), mentioning: "data count section")
        rejects(WasmModuleBytes.module(data: WasmModuleBytes.section(11, [0x01, 0x01, 0x01, 0xAA])), mentioning: "bulk memory")
    }

    @Test func rejectsNonTrappingFloatToInt() {
        rejects(WasmModuleBytes.module(code: [0x43, 0, 0, 0, 0, 0xFC, 0x00, 0x1A]), mentioning: "non-trapping float-to-int")
    }

    @Test func rejectsSIMDAndThreads() {
        rejects(WasmModuleBytes.module(code: [0xFD, 0x0C] + Array(repeating: 0, count: 16) + [0x1A]), mentioning: "SIMD")
        rejects(WasmModuleBytes.module(types: WasmModuleBytes.section(1, [0x01, 0x60, 0x01, 0x7B, 0x00])), mentioning: "SIMD")
        rejects(WasmModuleBytes.module(code: [0x41, 0x00, 0xFE, 0x10, 0x02, 0x00, 0x1A]), mentioning: "threads")
        rejects(WasmModuleBytes.module(memory: WasmModuleBytes.section(5, [0x01, 0x03, 0x01, 0x02])), mentioning: "threads")
    }

    @Test func rejectsMultiValue() {
        rejects(WasmModuleBytes.module(types: WasmModuleBytes.section(1, [0x01, 0x60, 0x00, 0x02, 0x7F, 0x7F])), mentioning: "multi-value")
        // block (type 0) end — a type-indexed block.
        rejects(WasmModuleBytes.module(code: [0x02, 0x00, 0x0B]), mentioning: "multi-value")
    }

    @Test func rejectsReferenceTypes() {
        rejects(WasmModuleBytes.module(code: [0xD0, 0x70, 0x1A]), mentioning: "reference types")
        rejects(WasmModuleBytes.module(table: WasmModuleBytes.section(4, [0x01, 0x6F, 0x00, 0x01])), mentioning: "reference types")
        rejects(WasmModuleBytes.module(types: WasmModuleBytes.section(1, [0x01, 0x60, 0x01, 0x6F, 0x00])), mentioning: "reference types")
    }

    @Test func rejectsImportsNearDoesNotProvide() {
        let wasi = WasmModuleBytes.section(2, [0x01] + WasmModuleBytes.name("wasi_snapshot_preview1") + WasmModuleBytes.name("fd_write") + [0x00, 0x00])
        rejects(WasmModuleBytes.module(imports: wasi), mentioning: "NEAR only links module \"env\"")
        let libc = WasmModuleBytes.section(2, [0x01] + WasmModuleBytes.name("env") + WasmModuleBytes.name("posix_memalign") + [0x00, 0x00])
        rejects(WasmModuleBytes.module(imports: libc), mentioning: "not a NEAR host function")
        let wrongSignature = WasmModuleBytes.section(2, [0x01] + WasmModuleBytes.name("env") + WasmModuleBytes.name("value_return") + [0x00, 0x00])
        rejects(WasmModuleBytes.module(imports: wrongSignature), mentioning: "NEAR's is [i64, i64] -> []")
    }

    @Test func rejectsMalformedInputWithoutCrashing() {
        let good = WasmModuleBytes.module(code: [0x41, 0x01, 0x1A])
        for cut in stride(from: 0, to: good.count - 1, by: 3) {
            #expect(throws: WasmValidationError.self) { try validator.validate(Array(good[0..<cut])) }
        }
        rejects([0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00], mentioning: "version 1")
        rejects(WasmModuleBytes.module(code: [0xFF]), mentioning: "unknown opcode")
    }

    @Test func strippingCustomSectionsKeepsTheModule() throws {
        let named = WasmModuleBytes.module() + WasmModuleBytes.section(0, WasmModuleBytes.name("name") + [1, 2, 3])
        #expect(try validator.validate(named).customSections == ["name"])
        let stripped = try WasmSections.removingCustomSections(named)
        #expect(stripped == WasmModuleBytes.module())
        #expect(try validator.validate(stripped).customSections.isEmpty)
    }
}
