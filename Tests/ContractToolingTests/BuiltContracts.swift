import Foundation
@testable import ContractTooling

/// The repository's contracts, built once per test process (a build takes seconds) and shared
/// by the suites that need the wasm.
enum BuiltContracts {
    /// `Contracts/` of the package this test was compiled from.
    static let contractsDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Contracts")

    static func builder() throws -> ContractBuilder {
        ContractBuilder(contractsDirectory: contractsDirectory, toolchain: try ContractToolchain.locate())
    }

    static let first: Result<[BuiltContract], ContractBuildError> = Result { () throws(ContractBuildError) in
        try ContractBuilder(contractsDirectory: contractsDirectory, toolchain: try ContractToolchain.locate()).buildAll()
    }

    static func all() throws -> [BuiltContract] { try first.get() }
}
