/// Extracts the exact text of a top-level member of a JSON object.
///
/// Intel signs the bytes of the `tcbInfo` / `enclaveIdentity` object as they appear in the PCS
/// response, so the signed text must be cut out verbatim rather than re-serialised.
enum RawJSON {
    /// The raw value text of `key` in the top-level object `json`, or nil.
    static func member(_ key: String, in json: String) -> String? {
        let b = Array(json.utf8)
        var i = 0
        func skipWS() { while i < b.count, b[i] == 32 || b[i] == 9 || b[i] == 10 || b[i] == 13 { i += 1 } }
        /// Returns the end index (exclusive) of the string starting at `i` (which must be a quote).
        func stringEnd(_ start: Int) -> Int? {
            var j = start + 1
            while j < b.count {
                if b[j] == 92 { j += 2; continue }
                if b[j] == 34 { return j + 1 }
                j += 1
            }
            return nil
        }
        func valueEnd(_ start: Int) -> Int? {
            guard start < b.count else { return nil }
            if b[start] == 34 { return stringEnd(start) }
            if b[start] == 123 || b[start] == 91 {
                var depth = 0
                var j = start
                while j < b.count {
                    switch b[j] {
                    case 34: guard let e = stringEnd(j) else { return nil }; j = e; continue
                    case 123, 91: depth += 1
                    case 125, 93:
                        depth -= 1
                        if depth == 0 { return j + 1 }
                    default: break
                    }
                    j += 1
                }
                return nil
            }
            var j = start
            while j < b.count, b[j] != 44, b[j] != 125, b[j] != 93, b[j] != 32, b[j] != 10, b[j] != 13, b[j] != 9 { j += 1 }
            return j
        }
        skipWS()
        guard i < b.count, b[i] == 123 else { return nil }
        i += 1
        while true {
            skipWS()
            guard i < b.count, b[i] == 34, let kEnd = stringEnd(i) else { return nil }
            let k = String(decoding: b[(i + 1) ..< (kEnd - 1)], as: UTF8.self)
            i = kEnd
            skipWS()
            guard i < b.count, b[i] == 58 else { return nil }
            i += 1
            skipWS()
            guard let vEnd = valueEnd(i) else { return nil }
            if k == key { return String(decoding: b[i ..< vEnd], as: UTF8.self) }
            i = vEnd
            skipWS()
            guard i < b.count else { return nil }
            if b[i] == 44 { i += 1; continue }
            return nil
        }
    }
}
