import Payments

/// Why the payer's side refused a node's payment answer, or a request before sending it.
public enum PaymentClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The node's challenge names another market than its attested app-compose.
    case deploymentMismatch(attested: String, offered: String)
    /// The node charged a different cumulative amount than the responses' token counts price at.
    case spentMismatch(expected: UInt128, reported: UInt128)
    /// The request's maximum cost does not fit what the deposit has left.
    case insufficientDeposit(required: UInt128, available: UInt128)
    /// A closure approval that does not verify, is signed by another key, or closes other terms.
    case badApproval(String)
    case malformed(String)
    /// The caller's request cannot be paid for as it is.
    case badRequest(String)

    public var description: String {
        switch self {
        case .deploymentMismatch(let attested, let offered):
            return "the node offers a channel on \(offered), but its attested app-compose names \(attested)"
        case .spentMismatch(let expected, let reported):
            return "the node reports a cumulative spent of \(reported) yoctoNEAR, expected \(expected) (the price of the token counts of its responses)"
        case .insufficientDeposit(let required, let available):
            return "the request may cost up to \(required) yoctoNEAR but the channel has \(available) left; lower max_tokens or open a new channel"
        case .badApproval(let reason):
            return "the closure approval is refused: \(reason)"
        case .badRequest(let reason):
            return "the request cannot be paid for: \(reason)"
        case .malformed(let reason):
            return "the node's payment answer is malformed: \(reason)"
        }
    }
}
