import NearLightClient

/// Why an outcome could not be proven. Each case names the check that failed.
public enum NearProofError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A `next_light_client_block` or a proof failed NearLightClient's verification.
    case lightClient(step: String, LightClientError)
    /// The proof is valid but for another outcome than the one asked for.
    case outcomeIdMismatch(expected: CryptoHash, proven: CryptoHash)
    case executorMismatch(expected: String, proven: String)
    /// The trusted starting block does not hash to the hash it was given with.
    case untrustedHead(String)
    /// The outcome is not yet in a block before a head the client could validate.
    case notYetProvable(CryptoHash, headHeight: UInt64, waited: Duration)

    public var description: String {
        switch self {
        case let .lightClient(step, error):
            return "\(step): \(error)"
        case let .outcomeIdMismatch(expected, proven):
            return "outcome id check failed: the proof is for \(proven), expected \(expected)"
        case let .executorMismatch(expected, proven):
            return "executor check failed: the proven outcome ran on \(proven), expected \(expected)"
        case .untrustedHead(let reason):
            return "trusted head check failed: \(reason)"
        case let .notYetProvable(id, height, waited):
            return "\(id) is not yet in a block before the validated light-client head (height \(height)) after waiting \(waited); produce more blocks or wait for finality"
        }
    }
}
