/// Why an event log was not accepted.
public enum EventLogError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case digestMismatch(index: Int, event: String, logged: String, computed: String)
    case rtmrMismatch(index: Int, replayed: String, quoted: String)
    case invalidIMR(index: Int, imr: UInt32)

    public var description: String {
        switch self {
        case let .malformed(s): return "event log is malformed: \(s)"
        case let .digestMismatch(i, e, logged, computed):
            return "event log entry \(i) ('\(e)'): logged digest \(logged) differs from SHA-384 of its payload \(computed)"
        case let .rtmrMismatch(i, replayed, quoted): return "RTMR\(i) replayed from the event log is \(replayed), the quote has \(quoted)"
        case let .invalidIMR(i, imr): return "event log entry \(i) names IMR \(imr), expected 0...3"
        }
    }
}
