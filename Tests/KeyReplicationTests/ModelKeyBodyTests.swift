@testable import Node
import Sealing
import Testing

/// set_sk's body is read without a JSON decoder (the key must not pass through Strings), so its
/// strict grammar is tested here: exactly `{"sk": "<64 hex>"}`, whitespace allowed.
@Suite struct ModelKeyBodyTests {
    private func parse(_ text: String) throws -> ModelSecretKey {
        try Array(text.utf8).withUnsafeBytes { try ModelKeyBody.key(from: $0) }
    }

    @Test func roundTripsAKey() throws {
        let key = ModelSecretKey()
        var body = ModelKeyBody.encode(key)
        let text = String(decoding: body, as: UTF8.self)
        ModelKeyBody.wipe(&body)
        #expect(body.allSatisfy { $0 == 0 })
        #expect(try parse(text).publicKey == key.publicKey)
        #expect(try parse(" {\n \"sk\" : \"\(text.dropFirst(7).prefix(64).uppercased())\"\t}\n").publicKey == key.publicKey)
    }

    @Test(arguments: [
        ("", "not a JSON object"),
        (#"{"key": "00"}"#, "first and only member"),
        (#"{"sk": 7}"#, "not a string"),
        (#"{"sk": "abcd"}"#, "4 characters"),
        (#"{"sk": "\#(String(repeating: "zz", count: 32))"}"#, "not 64 hex digits"),
        (#"{"sk": "\#(String(repeating: "00", count: 32))", "x": 1}"#, "no other members"),
        (#"{"sk": "\#(String(repeating: "00", count: 32))"} {}"#, "trailing bytes"),
    ])
    func refusesAnythingElse(body: String, reason: String) {
        let error = #expect(throws: KeyExchangeError.self) { try parse(body) }
        guard case .malformedKey(let why)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(why.contains(reason))
    }
}
