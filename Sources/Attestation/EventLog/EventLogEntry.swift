import Crypto

/// One event in dstack's event log format (`cc-eventlog` `TdxEvent`, JSON with hex byte fields):
/// the IMR/RTMR index it extended, its event type, the SHA-384 digest extended, and for runtime
/// events the name and payload that digest covers.
public struct EventLogEntry: Sendable, Equatable, Codable {
    /// dstack's runtime event type; not a TCG type, chosen by dstack and kept for tool compatibility.
    public static let runtimeEventType: UInt32 = 0x0800_0001

    public var imr: UInt32
    public var eventType: UInt32
    public var digest: [UInt8]
    public var event: String
    public var eventPayload: [UInt8]

    public init(imr: UInt32, eventType: UInt32, digest: [UInt8], event: String, eventPayload: [UInt8]) {
        self.imr = imr; self.eventType = eventType; self.digest = digest; self.event = event; self.eventPayload = eventPayload
    }

    /// A runtime event extending RTMR `imr` (3 for workload events): digest computed from name and payload.
    public init(runtimeEvent name: String, payload: [UInt8], imr: UInt32 = 3) {
        self.init(imr: imr, eventType: Self.runtimeEventType, digest: Self.runtimeDigest(event: name, payload: payload), event: name, eventPayload: payload)
    }

    /// SHA-384(u32le(0x08000001) ‖ ":" ‖ name ‖ ":" ‖ payload), dstack's runtime event digest.
    public static func runtimeDigest(event: String, payload: [UInt8]) -> [UInt8] {
        var h = SHA384()
        var prefix = [UInt8]()
        prefix.appendLE32(runtimeEventType)
        h.update(data: prefix)
        h.update(data: Array(":".utf8))
        h.update(data: Array(event.utf8))
        h.update(data: Array(":".utf8))
        h.update(data: payload)
        return Array(h.finalize())
    }

    enum CodingKeys: String, CodingKey { case imr, event_type, digest, event, event_payload }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        imr = try c.decode(UInt32.self, forKey: .imr)
        eventType = try c.decode(UInt32.self, forKey: .event_type)
        let d = try c.decode(String.self, forKey: .digest)
        guard let digest = Hex.decode(d) else { throw EventLogError.malformed("digest '\(d)' is not hex") }
        self.digest = digest
        event = try c.decodeIfPresent(String.self, forKey: .event) ?? ""
        let p = try c.decodeIfPresent(String.self, forKey: .event_payload) ?? ""
        guard let payload = Hex.decode(p) else { throw EventLogError.malformed("event_payload of '\(event)' is not hex") }
        eventPayload = payload
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(imr, forKey: .imr)
        try c.encode(eventType, forKey: .event_type)
        try c.encode(Hex.encode(digest), forKey: .digest)
        try c.encode(event, forKey: .event)
        try c.encode(Hex.encode(eventPayload), forKey: .event_payload)
    }
}
