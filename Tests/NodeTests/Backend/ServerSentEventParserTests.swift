import Hummingbird
@testable import Inference
import Testing

/// The upstream SSE parser sees bodies cut anywhere: events must come out whole, in order,
/// whatever the buffer boundaries.
@Suite struct ServerSentEventParserTests {
    @Test(arguments: [1, 2, 3, 7, 1000])
    func eventsSurviveAnySplit(_ size: Int) {
        let body = Array("data: {\"a\":1}\n\n: comment\r\ndata: {\"b\":\r\ndata: 2}\r\n\r\nevent: x\ndata:[DONE]\n\n".utf8)
        var parser = ServerSentEventParser()
        var events: [String] = []
        var offset = 0
        while offset < body.count {
            let piece = ByteBuffer(bytes: body[offset..<min(offset + size, body.count)])
            events += parser.feed(piece).map { String(decoding: $0, as: UTF8.self) }
            offset += size
        }
        #expect(events == [#"{"a":1}"#, "{\"b\":\n2}", "[DONE]"])
    }
}
