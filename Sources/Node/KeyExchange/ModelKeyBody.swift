import Sealing

/// The set_sk body, `{"sk": "<64 hex digits>"}`, read and written without the key ever becoming a
/// `String` or passing through a JSON decoder's buffers: the hex digits go straight from the
/// request bytes into the key's zeroing storage, and outgoing bodies are wiped after use.
enum ModelKeyBody {
    /// Parses exactly one object with the one member `sk` (whitespace allowed between tokens).
    static func key(from body: UnsafeRawBufferPointer) throws(KeyExchangeError) -> ModelSecretKey {
        var i = 0
        func skipSpace() { while i < body.count, [0x20, 0x09, 0x0a, 0x0d].contains(body[i]) { i += 1 } }
        func take(_ token: String) -> Bool {
            let bytes = Array(token.utf8)
            guard i + bytes.count <= body.count, bytes.indices.allSatisfy({ body[i + $0] == bytes[$0] }) else { return false }
            i += bytes.count
            return true
        }
        skipSpace()
        guard take("{") else { throw .malformedKey("not a JSON object") }
        skipSpace()
        guard take("\"sk\"") else { throw .malformedKey("the object's first and only member must be \"sk\"") }
        skipSpace()
        guard take(":") else { throw .malformedKey("expected ':' after \"sk\"") }
        skipSpace()
        guard take("\"") else { throw .malformedKey("\"sk\" is not a string") }
        let start = i
        while i < body.count, body[i] != 0x22 { i += 1 }
        let digits = i - start
        guard take("\"") else { throw .malformedKey("the \"sk\" string is not terminated") }
        skipSpace()
        guard take("}") else { throw .malformedKey("expected '}' after the \"sk\" member (no other members)") }
        skipSpace()
        guard i == body.count else { throw .malformedKey("trailing bytes after the object") }
        guard digits == 64 else { throw .malformedKey("\"sk\" has \(digits) characters") }
        do { return try ModelSecretKey(hexUTF8: UnsafeRawBufferPointer(rebasing: body[start..<(start + 64)])) } catch {
            throw .malformedKey("\"sk\" is not 64 hex digits of an X25519 secret key")
        }
    }

    /// `{"sk":"<hex>"}` for `key`. The caller sends it and then calls ``wipe(_:)``.
    static func encode(_ key: ModelSecretKey) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        var out = Array("{\"sk\":\"".utf8)
        out.reserveCapacity(out.count + 66)
        key.withUnsafeSecretBytes { raw in
            for b in raw { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0f)]) }
        }
        out += Array("\"}".utf8)
        return out
    }

    static func wipe(_ body: inout [UInt8]) {
        body.withUnsafeMutableBytes { SecretBytes.wipe($0.baseAddress!, $0.count) }
    }
}
