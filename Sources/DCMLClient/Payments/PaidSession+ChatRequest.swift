import Foundation

extension PaidSession {
    /// An OpenAI chat completion request of the caller's (an OpenAI client's body, as
    /// `dcml pay-proxy` forwards it), read as far as paying for it needs: its messages, to bound
    /// the prompt's tokens, and its completion limit, to cap the voucher.
    struct ChatRequest {
        var fields: [String: Any]
        let messages: [ChatMessage]
        private var changed = false

        init(fields: [String: Any], messages: [ChatMessage]) {
            self.fields = fields
            self.messages = messages
        }

        /// `max_tokens` (or `max_completion_tokens`); without either, `max_tokens` is set to
        /// `default`, since the voucher must cap the completion.
        mutating func capMaxTokens(default defaultMaxTokens: Int) -> Int {
            if let stated = PaidSession.count(fields["max_tokens"]) ?? PaidSession.count(fields["max_completion_tokens"]) { return Int(stated) }
            fields["max_tokens"] = defaultMaxTokens
            changed = true
            return defaultMaxTokens
        }

        /// Sets a field the node must see (`stream_options`, for the usage a stream is charged by).
        mutating func set(_ field: String, to value: Any) {
            fields[field] = value
            changed = true
        }

        /// The body to send: `original` byte for byte where nothing was changed.
        func body(unlessUnchanged original: [UInt8]) throws -> [UInt8] {
            changed ? Array(try JSONSerialization.data(withJSONObject: fields)) : original
        }
    }

    static func chatRequest(_ body: [UInt8]) throws -> ChatRequest {
        guard let fields = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw PaymentClientError.badRequest("the request body is not a JSON object; expected an OpenAI chat completion request")
        }
        return ChatRequest(fields: fields, messages: try messages(fields["messages"]))
    }

    /// An OpenAI request's `messages`: text content, as a string or as text parts.
    static func messages(_ value: Any?) throws -> [ChatMessage] {
        guard let list = value as? [[String: Any]], !list.isEmpty else {
            throw PaymentClientError.badRequest("expected `messages`, a non-empty array of {role, content}")
        }
        return try list.map { message in
            guard let role = message["role"] as? String else { throw PaymentClientError.badRequest("expected a `role` string in every message") }
            if let text = message["content"] as? String { return ChatMessage(role: role, content: text) }
            if let parts = message["content"] as? [[String: Any]] {
                let texts = parts.compactMap { $0["type"] as? String == "text" ? $0["text"] as? String : nil }
                if texts.count == parts.count { return ChatMessage(role: role, content: texts.joined()) }
            }
            throw PaymentClientError.badRequest("expected each message's `content` to be a string or text parts; other content cannot be priced before sending")
        }
    }

}
