import ArgumentParser
import DCMLClient
import Foundation
import NearLightClient

/// `--rpc URL`, shared by the chain commands.
struct RPCOption: ParsableArguments {
    @Option(help: "NEAR JSON-RPC URL: a devnet (http://127.0.0.1:3030) or NEAR (https://rpc.testnet.near.org).")
    var rpc: String

    func client() throws -> NearRPCClient { try NearRPCClient(url: rpc) }
}

/// A bad argument or input file, reported as one line (exit 1, no usage text).
struct ChainCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Reading keys and amounts for the chain commands.
enum ChainIO {
    /// A NEAR credentials file (`~/.near-credentials/NETWORK/ID.json`).
    static func keyFile(_ path: String) throws -> KeyFile {
        let url = URL(fileURLWithPath: NSString(string: path).expandingTildeInPath)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ChainCommandError("cannot read key file \(url.path): \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode(KeyFile.self, from: data) } catch {
            throw ChainCommandError("\(url.path) is not a NEAR credentials file ({\"account_id\", \"public_key\", \"private_key\"}): \(describe(error))")
        }
    }

    /// A signer for `accountId` with the key in `keyFile` (the file's own account id may differ:
    /// one key often controls an account and its sub-accounts).
    static func signer(rpc: NearRPCClient, accountId: String, keyFile path: String) throws -> NearSigner {
        let file = try keyFile(path)
        do { return try NearSigner(rpc: rpc, keyFile: KeyFile(accountId: accountId, secretKey: file.secretKey)) } catch {
            throw ChainCommandError("\(error)")
        }
    }

    /// A saved `next_light_client_block` result (bare or in a JSON-RPC envelope) to trust.
    static func trustBlock(_ path: String) throws -> LightClientBlock {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ChainCommandError("cannot read \(path): \(error.localizedDescription)")
        }
        do { return try NearRPC.decodeResult(LightClientBlock.self, from: data) } catch {
            throw ChainCommandError("\(path) is not a light-client block: \(describe(error))")
        }
    }

    /// `--amount` in NEAR (`1.5`) or `--yocto` in yoctoNEAR; exactly one of them.
    static func amount(near: String?, yocto: String?) throws -> UInt128 {
        switch (near, yocto) {
        case (let near?, nil): return try YoctoNear.parse(near: near)
        case (nil, let yocto?): return try YoctoNear.parse(yocto: yocto)
        case (nil, nil): throw ValidationError("give the amount with --amount NEAR (e.g. 1.5) or --yocto YOCTONEAR")
        case (_?, _?): throw ValidationError("give either --amount or --yocto, not both")
        }
    }

    /// Fails with the transaction's hash and NEAR's failure when it ran and failed.
    static func requireSuccess(_ outcome: FinalExecutionOutcome, _ what: String) throws {
        guard outcome.status.isSuccess else {
            throw ChainCommandError("\(what) failed in transaction \(outcome.transactionHash): \(outcome.status.summary)")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DecodingError {
            switch error {
            case .keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
            case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
                return context.debugDescription
            @unknown default: break
            }
        }
        return "\(error)"
    }

    /// Pretty, sorted JSON for `--json` output.
    static func printJSON(_ value: JSONValue) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self))
    }

    /// `1.5 NEAR` with the exact yoctoNEAR next to it.
    static func near(_ yocto: UInt128) -> String { "\(YoctoNear.format(yocto)) NEAR (\(yocto) yocto)" }
}
