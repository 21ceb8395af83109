/// Completion ids in OpenAI's form (`chatcmpl-` + random alphanumerics). Random rather than
/// sequential: ids also name signatures (`/v1/signature/{id}`) and must not be guessable.
enum CompletionID {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    static func make(prefix: String, length: Int = 29) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
