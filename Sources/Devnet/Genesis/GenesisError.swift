/// A genesis file the devnet cannot start from; the message says what was expected.
public enum GenesisError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let reason): "invalid genesis: \(reason)"
        }
    }
}
