import Foundation

extension PaidSession {
    /// A streamed completion paid for and checked: the node's stream (every chunk's model hash
    /// checked as it arrived, the signature over all of it at the end) and the tokens its usage
    /// chunk reported, which the session charged to its totals.
    public struct PaidStream: Sendable {
        public let completion: VerifiedCompletion
        public let promptTokens: UInt64
        public let completionTokens: UInt64
        /// The channel's cumulative spent after the stream: the session's own figure, which the
        /// node's (the usage chunk's `dcml_channel_spent`, inside the signed stream) must equal.
        public let spent: UInt128
    }

    /// A `stream: true` `/v1/chat/completions` request of the caller's, paid like
    /// ``complete(chatRequest:defaultMaxTokens:)``. The node is asked for the usage chunk
    /// (`stream_options.include_usage`), which the channel is charged by, whatever the caller
    /// asked; `onEvent` gets each chunk's SSE event (`data: …`, exactly as the node sent it) as it
    /// arrives, except the usage chunk when the caller did not ask for it.
    public func stream(
        chatRequest: [UInt8], defaultMaxTokens: Int, onEvent: @escaping @Sendable ([UInt8]) async throws -> Void
    ) async throws -> PaidStream {
        var request = try Self.chatRequest(chatRequest)
        guard request.fields["stream"] as? Bool == true else {
            throw PaymentClientError.badRequest("expected stream: true here; a whole response goes to complete(chatRequest:defaultMaxTokens:)")
        }
        let maxTokens = request.capMaxTokens(default: defaultMaxTokens)
        let options = request.fields["stream_options"] as? [String: Any] ?? [:]
        let callerWantsUsage = options["include_usage"] as? Bool == true
        if !callerWantsUsage { request.set("stream_options", to: options.merging(["include_usage": true]) { $1 }) }
        let body = try request.body(unlessUnchanged: chatRequest)
        var paid: PaidStream?
        try await turns.run {
            paid = try await streamInTurn(body: body, messages: request.messages, maxTokens: maxTokens, forwardUsage: callerWantsUsage, onEvent: onEvent)
        }
        return paid!
    }

    /// A chat completion paid with a voucher and streamed: `onDelta` sees the text as it
    /// arrives; the answer is checked (signature, model hash) once the stream ends.
    public func chatStream(
        messages: [ChatMessage], maxTokens: Int, temperature: Double? = nil, model: String? = nil,
        onDelta: @escaping @Sendable (String) async throws -> Void
    ) async throws -> Answer {
        let body = try await client.requestBody(model: model, messages: messages, maxTokens: maxTokens, temperature: temperature, stream: true)
        let streamed = try await stream(chatRequest: body, defaultMaxTokens: maxTokens) { event in
            // The client checked the event already; here it only yields its text.
            guard let chunk = try? JSONSerialization.jsonObject(with: Data(event.dropFirst("data: ".utf8.count))) as? [String: Any] else { return }
            for delta in DCMLClient.deltas(chunk) { try await onDelta(delta) }
        }
        return Answer(completion: streamed.completion, promptTokens: streamed.promptTokens, completionTokens: streamed.completionTokens, spent: streamed.spent)
    }

    private func streamInTurn(
        body: [UInt8], messages: [ChatMessage], maxTokens: Int, forwardUsage: Bool, onEvent: @escaping @Sendable ([UInt8]) async throws -> Void
    ) async throws -> PaidStream {
        let (cap, nonce) = try reserveVoucher(messages: messages, maxTokens: maxTokens)
        let usage = UsageBox()
        let completion = try await withVoucher(spent: cap, nonce: nonce) { header in
            try await client.verifiedStream(body: body, headers: [header]) { chunk, event in
                // OpenAI's usage chunk: `usage` set and no choices.
                if let counts = chunk["usage"] as? [String: Any], (chunk["choices"] as? [Any])?.isEmpty ?? true {
                    usage.counts = counts
                    if !forwardUsage { return }
                }
                try await onEvent(event)
            }
        }
        let (prompt, generated) = try settle(nonce: nonce, usage: usage.counts, maxTokens: maxTokens)
        guard let reported = (usage.counts?["dcml_channel_spent"] as? String).flatMap({ UInt128($0) }) else {
            throw PaymentClientError.malformed("expected the channel's cumulative spent in the usage chunk's dcml_channel_spent")
        }
        guard reported == spent else { throw PaymentClientError.spentMismatch(expected: spent, reported: reported) }
        return PaidStream(completion: completion, promptTokens: prompt, completionTokens: generated, spent: reported)
    }

    /// The usage chunk, handed out of the stream's callback.
    private final class UsageBox: @unchecked Sendable {
        var counts: [String: Any]?
    }
}
