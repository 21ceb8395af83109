import Crypto
import Foundation

/// Builds the contracts under `Contracts/` to NEAR wasm, reproducibly: pinned flags, relative
/// source paths compiled from the contracts directory, a fixed tool environment, custom sections
/// removed. Each contract is one folder (`Contracts/NAME/*.swift`) compiled together with the
/// shared SDK (`Contracts/SDK/*.swift` and `NearLibc.c`) as module `NAME`.
public struct ContractBuilder: Sendable {
    public static let sdkFolder = "SDK"
    public static let libcSource = "SDK/NearLibc.c"
    public static let hostHeader = "SDK/NearHost.h"

    public var contractsDirectory: URL
    public var toolchain: ContractToolchain
    public var validator = WasmValidator()

    public init(contractsDirectory: URL, toolchain: ContractToolchain) {
        self.contractsDirectory = contractsDirectory.standardizedFileURL.resolvingSymlinksInPath()
        self.toolchain = toolchain
    }

    /// The contract folders, sorted: every subfolder except the SDK that holds Swift sources.
    public func contractNames() throws(ContractBuildError) -> [String] {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: contractsDirectory.path)
        } catch {
            throw .contractsDirectoryInvalid(path: contractsDirectory.path, reason: "cannot list it (\(error.localizedDescription))")
        }
        guard entries.contains(Self.sdkFolder) else {
            throw .contractsDirectoryInvalid(path: contractsDirectory.path, reason: "expected an \(Self.sdkFolder) folder")
        }
        return entries.filter { $0 != Self.sdkFolder && !swiftSources(in: $0).isEmpty }.sorted()
    }

    /// `folder`'s Swift files as paths relative to the contracts directory, sorted.
    func swiftSources(in folder: String) -> [String] {
        let dir = contractsDirectory.appendingPathComponent(folder)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".swift") }.sorted().map { "\(folder)/\($0)" }
    }

    /// Builds one contract and checks the result against NEAR's rules.
    public func build(_ name: String) throws(ContractBuildError) -> BuiltContract {
        let names = try contractNames()
        guard names.contains(name) else { throw .noSuchContract(name: name, available: names) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dcml-contract-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            throw .contractsDirectoryInvalid(path: scratch.path, reason: "cannot create the build folder")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }

        let root = contractsDirectory.path
        let object = scratch.appendingPathComponent("\(name).o").path
        let libc = scratch.appendingPathComponent("NearLibc.o").path
        let linked = scratch.appendingPathComponent("\(name).wasm").path
        let sources = swiftSources(in: Self.sdkFolder) + swiftSources(in: name)
        _ = try ToolProcess.run(toolchain.swiftc, arguments: ContractBuildFlags.swiftc(
            moduleName: name, sources: sources, header: Self.hostHeader, output: object, prefixMap: root,
            moduleCache: scratch.appendingPathComponent("ModuleCache").path), in: contractsDirectory)
        _ = try ToolProcess.run(toolchain.clang, arguments: ContractBuildFlags.clang(source: Self.libcSource, output: libc, prefixMap: root), in: contractsDirectory)
        _ = try ToolProcess.run(toolchain.wasmLd, arguments: ContractBuildFlags.wasmLd(objects: [object, libc], output: linked), in: contractsDirectory)

        guard let data = FileManager.default.contents(atPath: linked) else {
            throw .toolFailed(command: "wasm-ld", status: 0, output: "no output at \(linked)")
        }
        let wasm: [UInt8]
        do {
            wasm = try WasmSections.removingCustomSections(Array(data))
            try validator.validate(wasm)
        } catch {
            throw .invalidWasm(contract: name, error: error)
        }
        return BuiltContract(name: name, wasm: wasm)
    }

    public func buildAll() throws(ContractBuildError) -> [BuiltContract] {
        var built: [BuiltContract] = []
        for name in try contractNames() { built.append(try build(name)) }
        return built
    }
}

/// One built contract: its wasm and that wasm's sha256 (what the manifest records and what a
/// node's compose config names).
public struct BuiltContract: Sendable, Equatable {
    public var name: String
    public var wasm: [UInt8]

    public var sha256: String { SHA256.hash(data: wasm).map { String(format: "%02x", $0) }.joined() }
}
