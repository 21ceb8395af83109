import Hummingbird

/// OpenAI's SSE framing: `data: <json>\n\n` per event and `data: [DONE]\n\n` at the end.
/// JSON never contains a raw newline, so one `data:` line per event is always enough.
enum ServerSentEvents {
    static func event(_ json: ByteBuffer) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(json.readableBytes + 8)
        buffer.writeStaticString("data: ")
        buffer.writeImmutableBuffer(json)
        buffer.writeStaticString("\n\n")
        return buffer
    }

    static let done = ByteBuffer(string: "data: [DONE]\n\n")

    static let headers: HTTPFields = [
        .contentType: "text/event-stream",
        .cacheControl: "no-cache",
    ]
}
