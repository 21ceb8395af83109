/// A model's chat template (`tokenizer.chat_template`, Jinja) turned into a prompt renderer.
/// The template is parsed once, at creation, so a template using unsupported Jinja fails when
/// the model loads rather than on a request. Models without a template get ChatML.
public struct ChatTemplate: Sendable {
    /// ChatML, the format SmolLM2 and many other models use; the fallback template.
    public static let chatML = """
        {% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}
        """

    public let source: String
    public var bosToken: String
    public var eosToken: String
    private let scalars: [Unicode.Scalar]
    private let nodes: [JinjaNode]

    public init(source: String, bosToken: String = "", eosToken: String = "") throws(ChatTemplateError) {
        self.source = source
        self.bosToken = bosToken
        self.eosToken = eosToken
        self.scalars = Array(source.unicodeScalars)
        var parser = try JinjaParser(source: scalars)
        self.nodes = try parser.parse()
    }

    /// The GGUF's `tokenizer.chat_template`, or ChatML when it has none; `bos_token` and
    /// `eos_token` are the texts of the GGUF's bos/eos tokens.
    public init(gguf: GGUFFile) throws(ChatTemplateError) {
        let tokens = gguf.metadata["tokenizer.ggml.tokens"]?.array
        func text(_ key: String) -> String {
            guard let id = gguf.metadata[key]?.int, let tokens, tokens.indices.contains(id) else { return "" }
            return tokens[id].string ?? ""
        }
        try self.init(source: gguf.metadata["tokenizer.chat_template"]?.string ?? Self.chatML,
                      bosToken: text("tokenizer.ggml.bos_token_id"), eosToken: text("tokenizer.ggml.eos_token_id"))
    }

    /// The prompt text for `messages`; with `addGenerationPrompt`, ends with the opening of
    /// the assistant's turn. Encode it with `parseSpecial: true`.
    public func render(messages: [ChatMessage], addGenerationPrompt: Bool) throws(ChatTemplateError) -> String {
        let list = JinjaValue.list(messages.map {
            .dictionary(["role": .string($0.role), "content": .string($0.content)])
        })
        var renderer = JinjaRenderer(source: scalars, globals: [
            "messages": list,
            "add_generation_prompt": .bool(addGenerationPrompt),
            "bos_token": .string(bosToken),
            "eos_token": .string(eosToken),
        ])
        var out = ""
        try renderer.render(nodes, into: &out)
        return out
    }
}
