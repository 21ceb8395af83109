import Foundation
import Testing
@testable import ContractTooling

/// CI's check that the committed manifest names code anyone can rebuild: build, build again,
/// compare byte for byte, compare with `Contracts/manifest.json`. No skips: a missing toolchain
/// fails with the builder's message.
@Suite struct ReproducibleBuildTests {
    @Test func buildsMatchTheCommittedManifest() throws {
        let builder = try BuiltContracts.builder()
        let built = try BuiltContracts.all()
        #expect(built.map(\.name) == (try builder.contractNames()))
        #expect(!built.isEmpty)
        let manifest = try ContractManifest.load(from: BuiltContracts.contractsDirectory.appendingPathComponent(ContractManifest.fileName))
        try manifest.verify(built, toolchain: try builder.toolchain.version())
    }

    @Test func buildingTwiceGivesIdenticalBytes() throws {
        let builder = try BuiltContracts.builder()
        let first = try BuiltContracts.all()
        for contract in first {
            let again = try builder.build(contract.name)
            let firstDifference = zip(again.wasm, contract.wasm).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            #expect(again.wasm.count == contract.wasm.count && firstDifference == nil,
                    "contract \(contract.name) differs between two builds: sizes \(contract.wasm.count) and \(again.wasm.count), first differing byte \(firstDifference.map(String.init) ?? "none")")
        }
    }

    @Test func builtContractsAreNearValidAndExportTheirMethods() throws {
        let counter = try #require(try BuiltContracts.all().first { $0.name == "counter" })
        let summary = try WasmValidator().validate(counter.wasm)
        #expect(summary.customSections.isEmpty)
        #expect(Set(summary.exportedFunctions).isSuperset(of: ["increment", "get_count", "tip_back", "hash", "verify"]))
        #expect(Set(summary.imports).isSubset(of: Set(NearHostFunctions.all.keys)))
        #expect(!counter.wasm.contains(subsequence: Array("/work".utf8)))
        #expect(counter.wasm.count < 100_000)
    }

    @Test func manifestVerificationNamesTheMismatch() throws {
        let built = [BuiltContract(name: "counter", wasm: [0, 1, 2])]
        var manifest = ContractManifest(toolchain: "T", contracts: built)
        manifest.contracts["counter"]?.sha256 = String(repeating: "0", count: 64)
        #expect(throws: ContractBuildError.hashMismatch(contract: "counter", manifest: String(repeating: "0", count: 64), built: built[0].sha256)) {
            try manifest.verify(built, toolchain: "T")
        }
        #expect(throws: ContractBuildError.toolchainMismatch(manifest: "T", actual: "U")) { try manifest.verify(built, toolchain: "U") }
        let decoded = try JSONDecoder().decode(ContractManifest.self, from: ContractManifest(toolchain: "T", contracts: built).encoded())
        #expect(decoded.contracts["counter"]?.sha256 == built[0].sha256)
    }

    @Test func unknownContractIsAnError() throws {
        #expect(throws: ContractBuildError.self) { try BuiltContracts.builder().build("no-such-contract") }
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        for i in 0...(count - subsequence.count) where self[i..<(i + subsequence.count)].elementsEqual(subsequence) { return true }
        return false
    }
}
