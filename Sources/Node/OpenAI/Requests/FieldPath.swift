/// A request field as OpenAI names it in errors: `messages[0].content`.
struct FieldPath: CustomStringConvertible {
    var keys: [any CodingKey]

    init(_ keys: [any CodingKey], _ last: (any CodingKey)? = nil) {
        self.keys = keys + (last.map { [$0] } ?? [])
    }

    var description: String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}
