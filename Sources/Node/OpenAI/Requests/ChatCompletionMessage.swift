import Inference

/// One chat message. `content` may be a string, an array of content parts (only `text` parts
/// are supported: the models are text-only) or null (an assistant turn without text).
struct ChatCompletionMessage: Decodable {
    static let roles: Set = ["system", "developer", "user", "assistant", "tool"]

    var role: String
    var content: String

    private enum CodingKeys: String, CodingKey { case role, content }

    private struct Part: Decodable {
        var type: String
        var text: String?
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decode(String.self, forKey: .role)
        guard Self.roles.contains(role) else {
            let path = FieldPath(decoder.codingPath, CodingKeys.role)
            throw APIError.invalid(path.description, "invalid `\(path)` \"\(role)\": expected one of \(Self.roles.sorted().joined(separator: ", "))")
        }
        if try container.decodeNil(forKey: .content) {
            content = ""
        } else if let text = try? container.decode(String.self, forKey: .content) {
            content = text
        } else if let parts = try? container.decode([Part].self, forKey: .content) {
            let path = FieldPath(decoder.codingPath, CodingKeys.content)
            content = try parts.map { part in
                guard part.type == "text", let text = part.text else {
                    throw APIError.invalid(path.description, "unsupported content part of type `\(part.type)` in `\(path)`: this model takes text parts only")
                }
                return text
            }.joined()
        } else {
            let path = FieldPath(decoder.codingPath, CodingKeys.content)
            throw APIError.invalid(path.description, "invalid type for `\(path)`: expected a string or an array of text parts")
        }
    }

    /// `developer` is OpenAI's newer name for `system`; chat templates know only the latter.
    var engineMessage: ChatMessage {
        ChatMessage(role: role == "developer" ? "system" : role, content: content)
    }
}
