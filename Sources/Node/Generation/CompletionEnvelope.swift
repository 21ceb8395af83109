import Foundation
import Hummingbird
import Inference

/// Builds the JSON of one completion, whole or chunk by chunk, with the fields every piece
/// shares (`id`, `created`, `model`). All completion bytes the node sends come from here, which
/// is where per-response fields such as `model_hash` belong.
struct CompletionEnvelope: Sendable {
    var kind: CompletionKind
    var id: String
    var created: Int
    var model: String
    /// modelH of the model that generates, lowercase hex (DESIGN.md: in every body and chunk).
    var modelHash: String

    init(kind: CompletionKind, model: String, modelHash: String, created: Date = Date()) {
        self.kind = kind
        self.modelHash = modelHash
        self.id = CompletionID.make(prefix: kind.idPrefix)
        self.created = Int(created.timeIntervalSince1970)
        self.model = model
    }

    /// Chat streams open with the assistant role, as OpenAI's do; text streams have no opener.
    func openingChunk() -> ByteBuffer? {
        switch kind {
        case .chat: chat([.init(delta: .init(role: "assistant", content: ""))])
        case .text: nil
        }
    }

    func textChunk(_ text: String) -> ByteBuffer {
        switch kind {
        case .chat: chat([.init(delta: .init(content: text))])
        case .text: self.text([.init(text: text)])
        }
    }

    func finalChunk(_ reason: FinishReason) -> ByteBuffer {
        switch kind {
        case .chat: chat([.init(delta: .init(), finish_reason: reason.rawValue)])
        case .text: text([.init(text: "", finish_reason: reason.rawValue)])
        }
    }

    /// `stream_options.include_usage`: a last chunk with no choices and the usage.
    func usageChunk(_ usage: TokenUsage, channelSpent: UInt128? = nil) -> ByteBuffer {
        switch kind {
        case .chat: chat([], usage: Usage(usage, channelSpent: channelSpent))
        case .text: text([], usage: Usage(usage, channelSpent: channelSpent))
        }
    }

    func completion(_ content: String, _ reason: FinishReason, _ usage: TokenUsage) -> ByteBuffer {
        switch kind {
        case .chat:
            ResponseJSON.encode(ChatCompletion(
                id: id, created: created, model: model, model_hash: modelHash,
                choices: [.init(message: .init(content: content), finish_reason: reason.rawValue)],
                usage: Usage(usage)
            ))
        case .text:
            text([.init(text: content, finish_reason: reason.rawValue)], usage: Usage(usage))
        }
    }

    private func chat(_ choices: [ChatCompletionChunk.Choice], usage: Usage? = nil) -> ByteBuffer {
        ResponseJSON.encode(ChatCompletionChunk(id: id, created: created, model: model, model_hash: modelHash, choices: choices, usage: usage))
    }

    private func text(_ choices: [TextCompletion.Choice], usage: Usage? = nil) -> ByteBuffer {
        ResponseJSON.encode(TextCompletion(id: id, created: created, model: model, model_hash: modelHash, choices: choices, usage: usage))
    }
}
