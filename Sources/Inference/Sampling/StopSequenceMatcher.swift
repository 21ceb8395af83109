/// Finds stop sequences in streamed text and holds back only what could still become one,
/// so the client never sees any part of a stop string and sees everything else immediately.
struct StopSequenceMatcher {
    private let stops: [[UInt8]]
    private var pending: [UInt8] = []

    init(_ stops: [String]) {
        self.stops = stops.map { Array($0.utf8) }.filter { !$0.isEmpty }
    }

    enum Output: Equatable {
        /// Text that can be sent now.
        case text(String)
        /// A stop sequence matched; this text came before it and ends the completion.
        case stopped(String)
    }

    /// Appends text (whole UTF-8 characters) and returns what is safe to emit.
    mutating func append(_ text: String) -> Output {
        pending.append(contentsOf: text.utf8)
        if stops.isEmpty { return .text(flush()) }
        var first: Int?
        for stop in stops {
            if let at = Self.find(stop, in: pending), at < (first ?? .max) { first = at }
        }
        if let first {
            let before = String(decoding: pending[..<first], as: UTF8.self)
            pending.removeAll()
            return .stopped(before)
        }
        // Hold back the longest suffix that is a proper prefix of some stop string. A stop
        // string starts on a character boundary, so the cut does too.
        var hold = 0
        for stop in stops {
            for length in stride(from: min(stop.count - 1, pending.count), to: hold, by: -1)
            where pending.suffix(length).elementsEqual(stop.prefix(length)) {
                hold = length
                break
            }
        }
        let emit = String(decoding: pending[..<(pending.count - hold)], as: UTF8.self)
        pending.removeFirst(pending.count - hold)
        return .text(emit)
    }

    /// The held-back text, at the end of a completion that did not stop on a sequence.
    mutating func flush() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return start }
        }
        return nil
    }
}
