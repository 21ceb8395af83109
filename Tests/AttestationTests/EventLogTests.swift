import Crypto
import Foundation
import Testing
@testable import Attestation

@Suite struct EventLogTests {
    @Test func runtimeDigestIsDstacksFormula() {
        let payload: [UInt8] = [0xde, 0xad]
        var expected = SHA384()
        expected.update(data: [0x01, 0x00, 0x00, 0x08] + Array(":compose-hash:".utf8) + payload)
        #expect(EventLogEntry.runtimeDigest(event: "compose-hash", payload: payload) == Array(expected.finalize()))
    }

    @Test func replayExtendsFromZero() {
        var log = EventLog()
        let a = log.append(event: "a", payload: [1])
        let b = log.append(event: "b", payload: [2])
        var h1 = SHA384(); h1.update(data: RTMR.zero + a.digest)
        var h2 = SHA384(); h2.update(data: Array(h1.finalize()) + b.digest)
        #expect(log.replay(rtmr: 3) == Array(h2.finalize()))
        #expect(log.replay(rtmr: 2) == RTMR.zero)
    }

    @Test func jsonRoundTripInDstackShape() throws {
        var log = EventLog()
        log.appendComposeHash(appCompose: Array("{}".utf8))
        let json = log.jsonString()
        #expect(json.contains("\"event_type\":134217729"))
        #expect(json.contains("\"event\":\"compose-hash\""))
        let back = try EventLog(json: json)
        #expect(back == log)
        #expect(back.composeHash == ComposeHash.of(appCompose: Array("{}".utf8)))
        #expect(throws: EventLogError.self) { try EventLog(json: "[{\"imr\":3}]") }
    }

    /// A workload can extend RTMR3 after boot; a compose-hash event it adds later must not
    /// replace the one logged at boot.
    @Test func theBootComposeHashWinsOverALaterOne() {
        var log = EventLog()
        log.appendComposeHash(appCompose: Array("{\"name\":\"real\"}".utf8))
        _ = log.append(event: ComposeHash.eventName, payload: ComposeHash.of(appCompose: Array("{\"name\":\"claimed\"}".utf8)))
        #expect(log.composeHash == ComposeHash.of(appCompose: Array("{\"name\":\"real\"}".utf8)))
    }
}
