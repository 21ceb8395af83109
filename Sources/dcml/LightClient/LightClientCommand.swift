import ArgumentParser
import Foundation
import NearLightClient

/// `dcml lightclient …`: offline checks of saved NEAR RPC results with the same verifier the
/// node uses, so a user can check a proof without trusting the node or the RPC provider.
struct LightClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lightclient",
        abstract: "Verify NEAR light-client proofs and blocks offline.",
        subcommands: [LightClientVerifyProof.self, LightClientVerifyBlock.self, LightClientBench.self]
    )
}

/// An unreadable or malformed input file or argument (exit 1, no usage text).
struct LightClientInputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Shared helpers for the light-client subcommands.
enum LightClientIO {
    static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LightClientInputError("cannot read \(path): \(error.localizedDescription)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, path: String) throws -> T {
        do {
            return try NearRPC.decodeResult(type, from: read(path))
        } catch let error as NearRPCError {
            throw LightClientInputError("\(path): \(error)")
        } catch let error as DecodingError {
            throw LightClientInputError("\(path): \(error)")
        }
    }

    /// A hash given as 64 hex digits (the project's wire form) or as base58 (NEAR's).
    static func hash(_ text: String, option: String) throws -> CryptoHash {
        if text.count == 64 || text.hasPrefix("0x"), let hash = try? CryptoHash(hex: text) { return hash }
        if let hash = try? CryptoHash(base58: text) { return hash }
        throw ValidationError("\(option) '\(text)' is not a 32-byte hash in hex (64 digits) or base58")
    }

    /// Prints the failed check to stderr and exits 1.
    static func reject(_ error: any Error) -> ExitCode {
        FileHandle.standardError.write(Data("INVALID: \(error)\n".utf8))
        return ExitCode(1)
    }
}
