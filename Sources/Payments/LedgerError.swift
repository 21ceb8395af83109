/// Why the channel ledger refused to act or to load.
public enum LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The state is not the newest one the counter has seen: it was restored from a snapshot (or
    /// cloned). The node signs no closure for it and charges nothing more on it.
    case staleState(recorded: UInt64, counter: UInt64)
    /// The ledger file does not decrypt or authenticate with the node's ledger key.
    case unauthentic(path: String)
    case corrupt(path: String, reason: String)
    /// The ledger's log was changed by someone other than this node: records reordered, or an
    /// unauthentic one followed by authentic ones (a crash leaves unauthentic bytes only at the end).
    case tampered(path: String, reason: String)
    /// A commit failed midway, so the state in memory may be ahead of the one on disk; the ledger
    /// refuses to act until it is loaded again from disk and counter (the node does that on the
    /// channel's next use).
    case halted(String)
    case alreadyExists(path: String)
    case io(path: String, operation: String, errno: Int32)
    case channel(ChannelStateError)
    case counter(String)
    case signingFailed(String)

    public var description: String {
        switch self {
        case .staleState(let recorded, let counter):
            return "channel state is stale: it was recorded at counter \(recorded) but the monotonic counter is at \(counter) (expected equal); "
                + "a snapshot or clone was restored, so this node refuses to sign any closure for it"
        case .unauthentic(let path):
            return "ledger \(path) does not authenticate with this node's ledger key; expected a file this node wrote"
        case .alreadyExists(let path):
            return "ledger \(path) already exists; expected to load it (creating a new one would forget its channels)"
        case .corrupt(let path, let reason):
            return "ledger \(path) is corrupt: \(reason)"
        case .tampered(let path, let reason):
            return "ledger log \(path) was tampered with: \(reason)"
        case .halted(let reason):
            return "the channel ledger stopped after a failed commit (\(reason)); the node recovers the channel from disk on its next use: retry the request"
        case .io(let path, let operation, let errno):
            return "\(operation) \(path) failed with errno \(errno)"
        case .channel(let error):
            return error.description
        case .counter(let reason):
            return "monotonic counter failed: \(reason)"
        case .signingFailed(let reason):
            return "signing the closure approval failed: \(reason)"
        }
    }
}
