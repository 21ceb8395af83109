import ArgumentParser
import ContractTooling
import Foundation

/// `dcml contracts`: the Swift smart contracts under `Contracts/` (DESIGN.md, "The devnet and the
/// contracts").
struct ContractsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract: "Build the NEAR contracts reproducibly, check them against Contracts/manifest.json, deploy them.",
        subcommands: [ContractsBuildCommand.self, ContractsDeployCommand.self]
    )
}

/// Builds every contract (or the named ones) with the pinned flags, writes `NAME.wasm` to the
/// output folder and either updates the manifest or, with `--check`, fails on any difference.
struct ContractsBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile contracts to NEAR wasm (Embedded Swift, wasm32, MVP + sign-ext) and record their sha256."
    )

    @Option(help: "The contracts folder (SDK/ plus one folder per contract).")
    var contracts: String = "Contracts"

    @Option(help: "Where to write NAME.wasm.")
    var output: String = ".build/contracts"

    @Flag(help: "Do not write the manifest: fail unless every build matches it (what CI runs).")
    var check = false

    @Argument(help: "Contracts to build (default: all).")
    var names: [String] = []

    func run() throws {
        let directory = URL(fileURLWithPath: contracts)
        let toolchain = try ContractToolchain.locate()
        let builder = ContractBuilder(contractsDirectory: directory, toolchain: toolchain)
        let selected = names.isEmpty ? try builder.contractNames() : names
        var built: [BuiltContract] = []
        let out = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for name in selected {
            let contract = try builder.build(name)
            try Data(contract.wasm).write(to: out.appendingPathComponent("\(name).wasm"), options: .atomic)
            print("\(name): \(contract.wasm.count) bytes, sha256 \(contract.sha256)")
            built.append(contract)
        }
        let version = try toolchain.version()
        let manifestURL = directory.appendingPathComponent(ContractManifest.fileName)
        if check {
            let manifest = try ContractManifest.load(from: manifestURL)
            try manifest.verify(built, toolchain: version)
            print("all \(built.count) contract(s) match \(manifestURL.path)")
        } else {
            var manifest = (try? ContractManifest.load(from: manifestURL)) ?? ContractManifest(toolchain: version, contracts: [])
            manifest.toolchain = version
            for contract in built {
                manifest.contracts[contract.name] = .init(sha256: contract.sha256, size: contract.wasm.count)
            }
            try manifest.encoded().write(to: manifestURL, options: .atomic)
            print("wrote \(manifestURL.path)")
        }
    }
}
