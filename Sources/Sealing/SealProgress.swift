/// What a long operation is doing, for progress lines: bytes done of total in the current phase.
public enum SealPhase: String, Sendable {
    case hashing, encrypting, decrypting
}

/// Called on the thread that runs the operation, once per chunk in order.
public typealias SealProgress = (_ phase: SealPhase, _ done: UInt64, _ total: UInt64) -> Void
