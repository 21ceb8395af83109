import ArgumentParser
import DCMLClient
import Foundation
import Node
import Sealing

/// `dcml model seed https://HOST:PORT --sk KEYFILE --expect-compose H`: the model's owner gives
/// the key to the first node (paper §4; later nodes get it from their peers with request_sk).
/// The node must prove, inside the RA-TLS handshake and before the key is written, that it runs
/// the expected workload; the compose hash is therefore required, not optional.
struct ModelSeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Send a sealed model's key to an attested node (set_sk over RA-TLS), after verifying its workload.")

    @Argument(help: "The node, https://HOST:PORT.") var url: String
    @Option(help: "Key file written by `dcml model keygen` (mode 0600).") var sk: String
    @OptionGroup var expectation: NodeExpectationOptions

    func validate() throws {
        guard expectation.expectCompose != nil else {
            throw ValidationError("--expect-compose is required: the key goes only to a node proven to run that workload (see `dcml verify`)")
        }
    }

    func run() async throws {
        guard let components = URLComponents(string: url), components.scheme == "https", let host = components.host, let port = components.port else {
            throw ValidationError("\(url) is not https://HOST:PORT: the key travels over RA-TLS only")
        }
        do {
            let key = try ModelKeyFile.read(sk)
            let delivered = try await ModelKeyDelivery(policy: try expectation.expectation().ratlsPolicy).deliver(key, host: host, port: port)
            let simulated = delivered.peerSimulated ? " (SIMULATED TEE: not confidential)" : ""
            print("seeded \(delivered.peer)\(simulated): it serves \(delivered.response.model), model hash \(delivered.response.modelHash)")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
