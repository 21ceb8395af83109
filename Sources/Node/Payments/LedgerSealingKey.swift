import Attestation
import Crypto

/// The key that seals a paid node's channel ledgers (§6.1). It must be the same at every start of
/// the same workload — or the ledgers it wrote cannot be read after a restart — and must never be
/// on the host's disk, so it is derived inside the TEE, bound to the compose hash: another
/// workload (a patched node with another compose hash) derives another key and cannot read or
/// forge them.
public enum LedgerSealingKey {
    static let info = Array("dcml-ledger-sealing-key-v1".utf8)

    /// INSECURE, PUBLIC, FOR SIMULATION ONLY: the simulated TEE's stand-in for a hardware-held
    /// sealing secret. Anyone can derive a simulated node's ledger key from it: ledgers of a
    /// SIMULATED node are sealed against accidents, not against the host.
    public static let insecureSimulationSecret = Array("DCML INSECURE SIMULATION ledger sealing secret".utf8)

    /// dstack's key path for the ledger key (`GetKey` derives per application and path).
    static let dstackPath = "dcml/payments/ledger-sealing"

    /// Derives the ledger key of the workload `composeHash` from what `provider`'s TEE offers:
    /// the dstack guest agent's `GetKey`, or, in the simulated TEE, the insecure simulation secret.
    public static func derive(provider: any QuoteProvider, composeHash: [UInt8]) async throws -> SymmetricKey {
        let secret: [UInt8]
        if provider.tee == .simulated {
            secret = insecureSimulationSecret
        } else if let dstack = provider as? DstackQuoteProvider {
            secret = try dstack.deriveKey(path: dstackPath)
        } else {
            throw LedgerSealingKeyError.noKeyDerivation(provider: provider.name)
        }
        return HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: secret), salt: composeHash, info: info, outputByteCount: 32)
    }
}

/// Why a paid node cannot seal its ledgers.
public enum LedgerSealingKeyError: Error, CustomStringConvertible {
    case noKeyDerivation(provider: String)

    public var description: String {
        switch self {
        case .noKeyDerivation(let provider):
            return "the TEE's quote provider \(provider) offers no key derivation, and a paid node needs one to seal its channel ledgers; "
                + "expected the dstack guest agent (GetKey) or --tee simulated"
        }
    }
}
