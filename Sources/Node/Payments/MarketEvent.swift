import Foundation
import NearLightClient

/// A model-market event as the contract logs it (NEP-297):
/// `EVENT_JSON:{"standard":"dcml_market","version":"1.0.0","event":E,"data":D}`, where D is the
/// channel record for the channel events (Contracts/payment_channel/README.md). Logs are part of
/// the execution outcome a light-client proof proves, and only the contract account's own code
/// writes the logs of an outcome it executed, so a proven outcome of the market contract with
/// this event proves what the contract did.
struct MarketEvent: Sendable {
    static let standard = "dcml_market"
    static let prefix = "EVENT_JSON:"

    let name: String
    /// The event's `data`, re-encoded as JSON.
    let data: Data

    /// The first event named `name` in a proven outcome of `contract`.
    static func find(_ name: String, in outcome: ExecutionOutcome, contract: String) throws(APIError) -> MarketEvent {
        guard outcome.executorId == contract else {
            throw .invalidChannel("the proven outcome was executed by \(outcome.executorId), expected the model market \(contract) this node's app-compose names")
        }
        if case .failure = outcome.status {
            throw .invalidChannel("the proven outcome failed; expected a successful \(name) call of \(contract)")
        }
        for log in outcome.logs {
            if let event = MarketEvent(log: log), event.name == name { return event }
        }
        let seen = outcome.logs.compactMap { MarketEvent(log: $0)?.name }
        throw .invalidChannel("the proven outcome has no \(standard) `\(name)` event (it has \(seen.isEmpty ? "none" : seen.joined(separator: ", "))); "
            + "expected the outcome of the receipt that emitted it")
    }

    /// Parses one log line; nil for anything that is not a `dcml_market` event.
    init?(log: String) {
        guard log.hasPrefix(Self.prefix) else { return nil }
        struct Envelope: Decodable {
            let standard: String
            let event: String
            let data: JSONValue
        }
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(log.utf8.dropFirst(Self.prefix.utf8.count))),
              envelope.standard == Self.standard,
              let data = try? JSONEncoder().encode(envelope.data)
        else { return nil }
        name = envelope.event
        self.data = data
    }
}
