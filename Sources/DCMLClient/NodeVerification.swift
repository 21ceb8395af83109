import Attestation
import AttestedTLS

/// What `verify` established about a node, and what it could not.
public struct NodeVerification: Sendable {
    public let tee: String
    public let isSimulated: Bool
    public let composeHash: String
    public let appCompose: String
    public let modelHash: String
    public let signingPublicKey: [UInt8]
    public let tlsSPKISHA256: [UInt8]
    public let tcbStatus: String?
    public let mrTD: String
    public let gpu: String?
    /// Statements that were checked and hold.
    public let proven: [String]
    /// Statements that were not (or cannot be) established.
    public let notProven: [String]

    /// The readable summary `dcml verify` prints.
    public var summary: String {
        var lines = [String]()
        lines.append(isSimulated
            ? "SIMULATED TEE: the checks below passed against the DCML simulation root. This node is NOT confidential; its host can read everything."
            : "Genuine Intel TDX: the checks below passed against Intel's root.")
        lines.append("proven:")
        lines += proven.map { "  ✓ \($0)" }
        lines.append("not proven:")
        lines += (notProven.isEmpty ? ["  (nothing)"] : notProven.map { "  ✗ \($0)" })
        return lines.joined(separator: "\n")
    }

    public func jsonObject() -> [String: Any] {
        var o: [String: Any] = [
            "trusted": true, "tee": tee, "simulated": isSimulated, "compose_hash": composeHash, "model_hash": modelHash,
            "signing_public_key": Hex.encode(signingPublicKey), "tls_spki_sha256": Hex.encode(tlsSPKISHA256), "mr_td": mrTD,
            "app_compose": appCompose, "proven": proven, "not_proven": notProven,
        ]
        if let tcbStatus { o["tcb_status"] = tcbStatus }
        if let gpu { o["gpu"] = gpu }
        return o
    }
}
