/// Why a contract build, or a check of it against the manifest, failed.
public enum ContractBuildError: Error, CustomStringConvertible, Equatable {
    case toolchainIncomplete(directory: String, missing: [String])
    case toolFailed(command: String, status: Int32, output: String)
    case noSuchContract(name: String, available: [String])
    case contractsDirectoryInvalid(path: String, reason: String)
    case invalidWasm(contract: String, error: WasmValidationError)
    case manifestUnreadable(path: String, reason: String)
    case hashMismatch(contract: String, manifest: String?, built: String)
    case toolchainMismatch(manifest: String, actual: String)

    public var description: String {
        switch self {
        case .toolchainIncomplete(let dir, let missing):
            return "contract toolchain in \(dir) lacks \(missing.joined(separator: ", ")); expected swiftc, clang and wasm-ld of one Swift toolchain with Embedded wasm32 support (set DCML_SWIFT_TOOLCHAIN to its bin directory)"
        case .toolFailed(let command, let status, let output):
            return "\(command) exited with status \(status):\n\(output)"
        case .noSuchContract(let name, let available):
            return "no contract named '\(name)'; expected one of: \(available.joined(separator: ", "))"
        case .contractsDirectoryInvalid(let path, let reason):
            return "contracts directory \(path): \(reason)"
        case .invalidWasm(let contract, let error):
            return "contract '\(contract)' built to wasm NEAR would reject: \(error)"
        case .manifestUnreadable(let path, let reason):
            return "manifest \(path): \(reason)"
        case .hashMismatch(let contract, let manifest, let built):
            return "contract '\(contract)': built sha256 \(built), manifest has \(manifest ?? "no entry"); rebuild with `dcml contracts build` and commit Contracts/manifest.json if the change is intended"
        case .toolchainMismatch(let manifest, let actual):
            return "manifest was built with '\(manifest)' but this toolchain is '\(actual)'; the hashes are only reproducible with the same toolchain"
        }
    }
}
