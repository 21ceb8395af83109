/// The `<type>:<base58>` text form NEAR tools use for keys and signatures.
enum KeyString {
    /// Returns the base58 part of an ed25519 key string; no prefix means ed25519 (as in nearcore).
    static func split(_ text: String) throws(NearEncodingError) -> String {
        guard let colon = text.firstIndex(of: ":") else { return text }
        let type = text[..<colon]
        guard type.lowercased() == "ed25519" else { throw .unsupportedKeyType(String(type)) }
        return String(text[text.index(after: colon)...])
    }
}
