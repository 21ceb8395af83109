/// The pinned flags of a contract build. Changing any of them changes every hash in the
/// manifest, so they live in one place and nothing else is passed to the tools.
public enum ContractBuildFlags {
    /// wasm32 without a CPU's default extras: `generic` would turn on bulk memory, reference
    /// types, multi-value and non-trapping float-to-int, all rejected by NEAR.
    static let cpu = ["-mcpu=mvp", "-msign-ext", "-mmutable-globals"]

    /// Embedded Swift for bare wasm32, whole-module, size-optimized; no stack protector (it would
    /// import `__stack_chk_fail`/`__stack_chk_guard`). NEAR's imports come from a C header so they
    /// use the C calling convention (`@_extern(wasm)` functions are swiftcc, whose wasm signature
    /// can gain padding parameters and then no longer match NEAR's).
    static func swiftc(moduleName: String, sources: [String], header: String, output: String, prefixMap: String, moduleCache: String) -> [String] {
        ["-target", "wasm32-unknown-none-wasm",
         "-enable-experimental-feature", "Embedded",
         "-wmo", "-Osize", "-parse-as-library",
         "-import-objc-header", header,
         "-Xfrontend", "-disable-stack-protector",
         // Otherwise IRGen embeds a `.swift_modhash` data segment that differs between runs.
         "-Xfrontend", "-disable-incremental-llvm-codegen",
         "-module-name", moduleName,
         "-file-prefix-map", "\(prefixMap)=.",
         "-module-cache-path", moduleCache]
            + cpu.flatMap { ["-Xcc", $0] }
            + ["-c"] + sources + ["-o", output]
    }

    /// The SDK's C symbols: freestanding, no builtins (so `memcpy` cannot become a call to itself).
    static func clang(source: String, output: String, prefixMap: String) -> [String] {
        ["--target=wasm32-unknown-unknown"] + cpu
            + ["-Os", "-ffreestanding", "-fno-builtin", "-nostdlib", "-ffile-prefix-map=\(prefixMap)=.",
               "-c", source, "-o", output]
    }

    /// No `--allow-undefined`: a symbol nobody defines (Unicode tables, libc) fails the link
    /// instead of becoming an import NEAR would refuse. `--strip-all` drops the name and
    /// producers sections; exports come from `@_expose(wasm, …)` in the sources.
    static func wasmLd(objects: [String], output: String) -> [String] {
        ["--no-entry", "--strip-all", "-z", "stack-size=65536"] + objects + ["-o", output]
    }
}
