import Hummingbird

/// Splits an SSE body the way a strict client does, failing on any framing mistake: every
/// event must be exactly `data: <payload>\n\n`.
enum SSE {
    struct FramingError: Error, CustomStringConvertible {
        var description: String
    }

    static func events(_ body: ByteBuffer) throws -> [String] {
        let text = String(buffer: body)
        guard text.hasSuffix("\n\n") else { throw FramingError(description: "body does not end with a blank line: \(text.suffix(40))") }
        return try text.dropLast(2).components(separatedBy: "\n\n").map { event in
            guard event.hasPrefix("data: "), !event.contains("\n") else {
                throw FramingError(description: "not a single `data: ` line: \(event)")
            }
            return String(event.dropFirst(6))
        }
    }

    /// The JSON payloads, checking that the stream ends with `[DONE]`.
    static func chunks(_ body: ByteBuffer) throws -> [JSON] {
        let events = try events(body)
        guard events.last == "[DONE]" else { throw FramingError(description: "stream does not end with [DONE]: \(events.last ?? "nothing")") }
        return try events.dropLast().map { try JSON(Array($0.utf8)) }
    }
}
