import ArgumentParser
import Foundation
import Sealing

/// Makes a model key pair (the paper's sk, pk): sk to a new 0600 file, pk to stdout as hex.
struct ModelKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create a model key pair (X25519): write sk to a new mode-0600 file and print pk as hex.")

    @Option(name: .customLong("out"), help: "Key file to create (must not exist).") var out: String

    func run() throws {
        try reportingFailure {
            let key = ModelSecretKey()
            try ModelKeyFile.write(key, to: out)
            print(key.publicKey.hex)
        }
    }
}
