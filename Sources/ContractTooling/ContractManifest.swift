import Foundation

/// `Contracts/manifest.json`: which toolchain built the contracts and the sha256 of each wasm.
/// Committed, so the hash a node bakes into its compose config names code anyone can rebuild;
/// CI rebuilds and compares.
public struct ContractManifest: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public var sha256: String
        public var size: Int

        public init(sha256: String, size: Int) {
            self.sha256 = sha256
            self.size = size
        }
    }

    public var toolchain: String
    public var contracts: [String: Entry]

    public init(toolchain: String, contracts: [BuiltContract]) {
        self.toolchain = toolchain
        self.contracts = Dictionary(uniqueKeysWithValues: contracts.map { ($0.name, Entry(sha256: $0.sha256, size: $0.wasm.count)) })
    }

    public static let fileName = "manifest.json"

    public static func load(from url: URL) throws(ContractBuildError) -> ContractManifest {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .manifestUnreadable(path: url.path, reason: "missing; run `dcml contracts build` to create it")
        }
        do {
            return try JSONDecoder().decode(ContractManifest.self, from: data)
        } catch {
            throw .manifestUnreadable(path: url.path, reason: "expected {\"toolchain\": …, \"contracts\": {name: {sha256, size}}}: \(error)")
        }
    }

    /// Stable bytes: sorted keys, two-space indentation, trailing newline.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(self)) ?? Data()
        data.append(0x0A)
        return data
    }

    /// Throws on the first contract whose build differs from the manifest, or on a toolchain
    /// other than the one that made the manifest.
    public func verify(_ built: [BuiltContract], toolchain actual: String) throws(ContractBuildError) {
        guard actual == toolchain else { throw .toolchainMismatch(manifest: toolchain, actual: actual) }
        for contract in built where contracts[contract.name]?.sha256 != contract.sha256 {
            throw .hashMismatch(contract: contract.name, manifest: contracts[contract.name]?.sha256, built: contract.sha256)
        }
        let names = Set(built.map(\.name))
        for name in contracts.keys.sorted() where !names.contains(name) {
            throw .hashMismatch(contract: name, manifest: contracts[name]?.sha256, built: "nothing (no such contract folder)")
        }
    }
}
