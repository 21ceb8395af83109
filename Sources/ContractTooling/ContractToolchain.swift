import Foundation

/// The three tools a contract build needs, all from one Swift toolchain: `swiftc` (Embedded Swift
/// for wasm32), `clang` (the SDK's few C symbols) and `wasm-ld`. The build's hash depends on the
/// toolchain, so its version string is recorded in the manifest next to the hashes.
public struct ContractToolchain: Sendable {
    public var binDirectory: URL

    public var swiftc: URL { binDirectory.appendingPathComponent("swiftc") }
    public var clang: URL { binDirectory.appendingPathComponent("clang") }
    public var wasmLd: URL { binDirectory.appendingPathComponent("wasm-ld") }

    public init(binDirectory: URL) { self.binDirectory = binDirectory }

    /// `DCML_SWIFT_TOOLCHAIN` (a `bin` directory) when set, else the directory of the first
    /// `swiftc` on `PATH`, else `/opt/swift/usr/bin`. Throws when the chosen directory lacks a tool.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ContractBuildError) -> ContractToolchain {
        var candidates: [URL] = []
        if let explicit = environment["DCML_SWIFT_TOOLCHAIN"], !explicit.isEmpty {
            candidates = [URL(fileURLWithPath: explicit)]
        } else {
            for dir in (environment["PATH"] ?? "").split(separator: ":") {
                let swiftc = URL(fileURLWithPath: String(dir)).appendingPathComponent("swiftc")
                if FileManager.default.isExecutableFile(atPath: swiftc.path) {
                    candidates.append(swiftc.resolvingSymlinksInPath().deletingLastPathComponent())
                }
            }
            candidates.append(URL(fileURLWithPath: "/opt/swift/usr/bin"))
        }
        for dir in candidates {
            let toolchain = ContractToolchain(binDirectory: dir)
            if toolchain.missingTools().isEmpty { return toolchain }
        }
        let first = ContractToolchain(binDirectory: candidates[0])
        throw .toolchainIncomplete(directory: first.binDirectory.path, missing: first.missingTools())
    }

    /// The tools that are not executable files in `binDirectory`.
    public func missingTools() -> [String] {
        [swiftc, clang, wasmLd].filter { !FileManager.default.isExecutableFile(atPath: $0.path) }.map(\.lastPathComponent)
    }

    /// The first line of `swiftc --version` (e.g. `Swift version 6.3.1 (swift-6.3.1-RELEASE)`).
    public func version() throws(ContractBuildError) -> String {
        let output = try ToolProcess.run(swiftc, arguments: ["--version"], in: FileManager.default.temporaryDirectory)
        let line = output.split(separator: "\n").first.map(String.init) ?? ""
        // Drop the "Target: …" and driver suffixes some toolchains print on the same line.
        return line.components(separatedBy: " Target:").first ?? line
    }
}
