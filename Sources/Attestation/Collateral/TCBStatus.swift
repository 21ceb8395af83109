/// Intel's TCB status values (TCB info v3, QE identity v2), ordered by how bad they are.
///
/// Merging platform, TDX module and QE statuses keeps the worst one (Intel QVL and dcap-qvl do the
/// same), so the order of `severity` matters.
public enum TCBStatus: String, Sendable, Codable, CaseIterable, Comparable {
    case upToDate = "UpToDate"
    case swHardeningNeeded = "SWHardeningNeeded"
    case configurationNeeded = "ConfigurationNeeded"
    case configurationAndSWHardeningNeeded = "ConfigurationAndSWHardeningNeeded"
    case outOfDate = "OutOfDate"
    case outOfDateConfigurationNeeded = "OutOfDateConfigurationNeeded"
    case revoked = "Revoked"

    public var severity: Int {
        switch self {
        case .upToDate: return 0
        case .swHardeningNeeded: return 1
        case .configurationNeeded: return 2
        case .configurationAndSWHardeningNeeded: return 3
        case .outOfDate: return 4
        case .outOfDateConfigurationNeeded: return 5
        case .revoked: return 6
        }
    }

    public static func < (a: TCBStatus, b: TCBStatus) -> Bool { a.severity < b.severity }
}

/// A TCB status together with the Intel security advisories that apply at that level.
public struct TCBStatusWithAdvisories: Sendable, Equatable, Codable {
    public var status: TCBStatus
    public var advisoryIDs: [String]

    public init(status: TCBStatus, advisoryIDs: [String] = []) {
        self.status = status
        self.advisoryIDs = advisoryIDs
    }

    /// The worse status and the union of advisories (first-seen order).
    public func merged(with other: TCBStatusWithAdvisories) -> TCBStatusWithAdvisories {
        var ids = advisoryIDs
        for id in other.advisoryIDs where !ids.contains(id) { ids.append(id) }
        return TCBStatusWithAdvisories(status: max(status, other.status), advisoryIDs: ids)
    }
}
