import Crypto
import Foundation

/// The workload identity (the paper's `docker_hash`): SHA-256 of the exact `app-compose.json` bytes,
/// which name the node binary's digest and every baked-in parameter. It is logged as the runtime
/// event `compose-hash` with the 32 raw hash bytes as payload, extending RTMR3 (as dstack does).
public enum ComposeHash {
    public static let eventName = "compose-hash"

    public static func of(appCompose: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: appCompose)) }
    public static func of(appCompose: Data) -> [UInt8] { Array(SHA256.hash(data: appCompose)) }
}
