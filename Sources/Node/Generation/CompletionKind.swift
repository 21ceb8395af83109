/// The two OpenAI completion endpoints: they run the same generation and differ only in how
/// the prompt arrives and how the answer is shaped.
enum CompletionKind: Sendable {
    /// `/v1/chat/completions`
    case chat
    /// `/v1/completions`
    case text

    var idPrefix: String {
        switch self {
        case .chat: "chatcmpl-"
        case .text: "cmpl-"
        }
    }
}
