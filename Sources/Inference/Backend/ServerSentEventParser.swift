import NIOCore

/// Incremental parser for `text/event-stream`: fed the response body as it arrives, it returns
/// the `data` of every event completed so far and keeps any partial line for the next buffer.
/// Only `data` fields matter for OpenAI streams; comments and other fields are skipped.
struct ServerSentEventParser {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false

    mutating func feed(_ buffer: ByteBuffer) -> [[UInt8]] {
        var events: [[UInt8]] = []
        buffer.withUnsafeReadableBytes { bytes in
            for byte in bytes {
                if byte == UInt8(ascii: "\n") {
                    if let event = endLine() { events.append(event) }
                } else {
                    line.append(byte)
                }
            }
        }
        return events
    }

    /// Handles one complete line; a blank line dispatches the event gathered so far.
    private mutating func endLine() -> [UInt8]? {
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard hasData else { return nil }
            let event = data
            data.removeAll(keepingCapacity: true)
            hasData = false
            return event
        }
        let field: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            field = line[..<colon]
            value = line[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            field = line[...]
            value = []
        }
        guard field.elementsEqual("data".utf8) else { return nil }
        if hasData { data.append(UInt8(ascii: "\n")) }
        data.append(contentsOf: value)
        hasData = true
        return nil
    }
}
