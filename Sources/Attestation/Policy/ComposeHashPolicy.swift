/// The workload is the expected one: the event log replays to the quote's RTMR3, every runtime
/// event's digest matches its payload, and the logged `compose-hash` equals `expected`.
public struct ComposeHashPolicy: AttestationPolicy {
    public let expected: [UInt8]
    public var name: String { "compose-hash" }

    public init(expected: [UInt8]) { self.expected = expected }

    public func evaluate(_ e: AttestationEvidence) -> PolicyResult {
        guard let log = e.eventLog else { return .failsToMeetPolicy(reason: "no event log: the compose hash cannot be checked against RTMR3") }
        do throws(EventLogError) { try log.verify(against: e.verification.report) } catch {
            return .failsToMeetPolicy(reason: error.description)
        }
        guard let logged = log.composeHash else { return .failsToMeetPolicy(reason: "event log has no compose-hash event on RTMR3") }
        return logged == expected ? .meetsPolicy
            : .failsToMeetPolicy(reason: "compose hash is \(Hex.encode(logged)), expected \(Hex.encode(expected))")
    }
}

/// The event log replays to the quote's RTMR3 (without pinning what it contains).
public struct EventLogReplayPolicy: AttestationPolicy {
    public var name: String { "event-log" }
    public init() {}

    public func evaluate(_ e: AttestationEvidence) -> PolicyResult {
        guard let log = e.eventLog else { return .failsToMeetPolicy(reason: "no event log") }
        do throws(EventLogError) { try log.verify(against: e.verification.report) } catch {
            return .failsToMeetPolicy(reason: error.description)
        }
        return .meetsPolicy
    }
}
