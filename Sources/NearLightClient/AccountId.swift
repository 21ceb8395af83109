/// NEAR account id rules (nearcore's `AccountId`): 2–64 characters of `a-z`, `0-9` and the
/// separators `-`, `_`, `.`; no separator at either end or next to another. Implicit accounts
/// (64 hex digits) pass the same rules.
public enum AccountId {
    public static func validate(_ id: String) throws(NearEncodingError) {
        let bytes = Array(id.utf8)
        guard (2...64).contains(bytes.count) else {
            throw .invalidAccountId(id, reason: "length is \(bytes.count), expected 2 to 64 characters")
        }
        var previousWasSeparator = true  // forbids a leading separator
        for (index, char) in bytes.enumerated() {
            let isSeparator = char == UInt8(ascii: "-") || char == UInt8(ascii: "_") || char == UInt8(ascii: ".")
            let isAlnum = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(char) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(char)
            guard isSeparator || isAlnum else {
                throw .invalidAccountId(id, reason: "character at \(index) is not one of a-z 0-9 - _ .")
            }
            if isSeparator && previousWasSeparator {
                throw .invalidAccountId(id, reason: "separator at \(index) starts the id or follows another separator")
            }
            previousWasSeparator = isSeparator
        }
        if previousWasSeparator { throw .invalidAccountId(id, reason: "ends with a separator") }
    }

    public static func isValid(_ id: String) -> Bool { (try? validate(id)) != nil }
}
