/// Builds policy lists with `if`/`for` like SwiftUI views or swift-certificates' policy builder.
@resultBuilder
public enum PolicyBuilder {
    public static func buildExpression(_ p: any AttestationPolicy) -> [any AttestationPolicy] { [p] }
    public static func buildBlock(_ parts: [any AttestationPolicy]...) -> [any AttestationPolicy] { parts.flatMap { $0 } }
    public static func buildOptional(_ p: [any AttestationPolicy]?) -> [any AttestationPolicy] { p ?? [] }
    public static func buildEither(first p: [any AttestationPolicy]) -> [any AttestationPolicy] { p }
    public static func buildEither(second p: [any AttestationPolicy]) -> [any AttestationPolicy] { p }
    public static func buildArray(_ p: [[any AttestationPolicy]]) -> [any AttestationPolicy] { p.flatMap { $0 } }
}

/// All of its policies must hold; evaluation reports every failing policy, not just the first.
public struct PolicySet: AttestationPolicy {
    public let policies: [any AttestationPolicy]
    public var name: String { "all-of(\(policies.map(\.name).joined(separator: ", ")))" }

    public init(_ policies: [any AttestationPolicy]) { self.policies = policies }
    public init(@PolicyBuilder _ build: () -> [any AttestationPolicy]) { self.policies = build() }

    public func failures(_ evidence: AttestationEvidence) -> [PolicyFailure] {
        policies.compactMap { p in
            if case .failsToMeetPolicy(let reason) = p.evaluate(evidence) { return PolicyFailure(policy: p.name, reason: reason) }
            return nil
        }
    }

    public func evaluate(_ evidence: AttestationEvidence) -> PolicyResult {
        let f = failures(evidence)
        return f.isEmpty ? .meetsPolicy : .failsToMeetPolicy(reason: f.map(\.description).joined(separator: "; "))
    }

    /// DCML's default: the quote verified, TCB status UpToDate or SWHardeningNeeded, no simulated TEE
    /// unless `allowSimulated`.
    public static func standard(allowSimulated: Bool = false) -> PolicySet {
        PolicySet {
            QuoteVerifiedPolicy()
            SimulationPolicy(allowSimulated: allowSimulated)
            TCBStatusPolicy()
        }
    }
}

/// At least one of its policies must hold (e.g. either of two allowed measurement sets).
public struct AnyOfPolicy: AttestationPolicy {
    public let policies: [any AttestationPolicy]
    public var name: String { "any-of(\(policies.map(\.name).joined(separator: ", ")))" }

    public init(@PolicyBuilder _ build: () -> [any AttestationPolicy]) { self.policies = build() }

    public func evaluate(_ evidence: AttestationEvidence) -> PolicyResult {
        var reasons = [String]()
        for p in policies {
            switch p.evaluate(evidence) {
            case .meetsPolicy: return .meetsPolicy
            case .failsToMeetPolicy(let r): reasons.append("\(p.name): \(r)")
            }
        }
        return .failsToMeetPolicy(reason: "none of the alternatives holds (\(reasons.joined(separator: "; ")))")
    }
}
