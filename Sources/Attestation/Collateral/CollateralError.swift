/// Why collateral could not be read.
public enum CollateralError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(field: String, reason: String)
    case missing(field: String)
    case notFound(path: String)
    case fetchFailed(url: String, reason: String)

    public var description: String {
        switch self {
        case let .malformed(field, reason): return "collateral field \(field) is malformed: \(reason)"
        case let .missing(field): return "collateral field \(field) is missing"
        case let .notFound(path): return "collateral not found at \(path)"
        case let .fetchFailed(url, reason): return "fetching collateral from \(url) failed: \(reason)"
        }
    }
}
