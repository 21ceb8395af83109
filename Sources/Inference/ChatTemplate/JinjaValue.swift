/// A value while rendering a template, with Python/Jinja semantics for truth, equality and
/// printing (so `{{ true }}` prints `True`, as Hugging Face's renderer does).
enum JinjaValue: Sendable, Equatable {
    /// A missing variable, attribute or item; prints as "" and is false, as in Jinja.
    case undefined
    case none
    case bool(Bool)
    case integer(Int)
    case string(String)
    case list([JinjaValue])
    case dictionary([String: JinjaValue])

    var isTruthy: Bool {
        switch self {
        case .undefined, .none: false
        case .bool(let b): b
        case .integer(let i): i != 0
        case .string(let s): !s.isEmpty
        case .list(let l): !l.isEmpty
        case .dictionary(let d): !d.isEmpty
        }
    }

    /// Python `==`: `True == 1`, lists and dicts compare by content.
    func jinjaEquals(_ other: JinjaValue) -> Bool {
        switch (self, other) {
        case (.bool(let a), .integer(let b)), (.integer(let b), .bool(let a)): (a ? 1 : 0) == b
        case (.list(let a), .list(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.jinjaEquals($1) }
        case (.dictionary(let a), .dictionary(let b)):
            a.count == b.count && a.allSatisfy { k, v in b[k].map { v.jinjaEquals($0) } ?? false }
        default: self == other
        }
    }

    var typeName: String {
        switch self {
        case .undefined: "undefined"
        case .none: "none"
        case .bool: "bool"
        case .integer: "int"
        case .string: "str"
        case .list: "list"
        case .dictionary: "dict"
        }
    }

    /// `{{ value }}` output; nil for containers, whose Python repr is not implemented.
    var printed: String? {
        switch self {
        case .undefined: ""
        case .none: "None"
        case .bool(let b): b ? "True" : "False"
        case .integer(let i): String(i)
        case .string(let s): s
        case .list, .dictionary: nil
        }
    }
}
