import ContractTooling
import Foundation

/// The counter contract built from `Contracts/` once per test process.
enum CounterWasm {
    static let built: Result<[UInt8], ContractBuildError> = Result { () throws(ContractBuildError) in
        let contracts = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Contracts")
        return try ContractBuilder(contractsDirectory: contracts, toolchain: try ContractToolchain.locate()).build("counter").wasm
    }

    static func code() throws -> [UInt8] { try built.get() }
}
