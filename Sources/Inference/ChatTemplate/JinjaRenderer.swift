/// Evaluates parsed nodes against variables, with Jinja's default (non-strict) undefined
/// handling: missing names print as "" and are false, but using one (`x.y`, `x + 'a'`) fails.
struct JinjaRenderer {
    let source: [Unicode.Scalar]
    private var scopes: [[String: JinjaValue]]

    init(source: [Unicode.Scalar], globals: [String: JinjaValue]) {
        self.source = source
        self.scopes = [globals]
    }

    mutating func render(_ nodes: [JinjaNode], into out: inout String) throws(ChatTemplateError) {
        for node in nodes {
            switch node {
            case .text(let t):
                out += t
            case .output(let expression):
                let value = try evaluate(expression)
                guard let printed = value.printed else {
                    throw .unsupported(construct: "printing a \(value.typeName)", at: position(expression))
                }
                out += printed
            case .conditional(let branches, let otherwise):
                var taken = false
                for branch in branches where try evaluate(branch.condition).isTruthy {
                    try render(branch.body, into: &out)
                    taken = true
                    break
                }
                if !taken { try render(otherwise, into: &out) }
            case .forLoop(let variable, let iterable, let body):
                let items: [JinjaValue]
                switch try evaluate(iterable) {
                case .list(let l): items = l
                case .string(let s): items = s.map { .string(String($0)) }
                case .dictionary(let d): items = d.keys.sorted().map { .string($0) }
                case .undefined: items = []
                case let other:
                    throw .runtime(message: "'\(other.typeName)' object is not iterable", at: position(iterable))
                }
                let n = items.count
                for (i, item) in items.enumerated() {
                    let loop: [String: JinjaValue] = [
                        "index": .integer(i + 1), "index0": .integer(i),
                        "revindex": .integer(n - i), "revindex0": .integer(n - i - 1),
                        "first": .bool(i == 0), "last": .bool(i == n - 1), "length": .integer(n),
                        "previtem": i > 0 ? items[i - 1] : .undefined,
                        "nextitem": i + 1 < n ? items[i + 1] : .undefined,
                    ]
                    scopes.append([variable: item, "loop": .dictionary(loop)])
                    defer { scopes.removeLast() }
                    try render(body, into: &out)
                }
            }
        }
    }

    private func position(_ offset: Int) -> TemplatePosition { TemplatePosition(offset: offset, in: source) }

    private func position(_ e: JinjaExpression) -> TemplatePosition {
        switch e {
        case .variable(_, let at), .attribute(_, _, let at), .item(_, _, let at), .add(_, _, let at):
            return position(at)
        case .equal(let l, _), .notEqual(let l, _), .and(let l, _), .or(let l, _), .not(let l):
            return position(l)
        case .literal:
            return position(0)
        }
    }

    func evaluate(_ e: JinjaExpression) throws(ChatTemplateError) -> JinjaValue {
        switch e {
        case .literal(let v):
            return v
        case .variable(let name, _):
            for scope in scopes.reversed() {
                if let v = scope[name] { return v }
            }
            return .undefined
        case .attribute(let base, let name, let at):
            return try member(try evaluate(base), .string(name), description: name, at: at)
        case .item(let base, let key, let at):
            let k = try evaluate(key)
            return try member(try evaluate(base), k, description: k.printed ?? k.typeName, at: at)
        case .add(let l, let r, let at):
            switch (try evaluate(l), try evaluate(r)) {
            case (.string(let a), .string(let b)): return .string(a + b)
            case (.integer(let a), .integer(let b)):
                let (sum, overflow) = a.addingReportingOverflow(b)
                if overflow { throw .runtime(message: "integer overflow", at: position(at)) }
                return .integer(sum)
            case (.list(let a), .list(let b)): return .list(a + b)
            case (let a, let b):
                throw .runtime(message: "cannot add \(a.typeName) and \(b.typeName)", at: position(at))
            }
        case .equal(let l, let r):
            return .bool(try evaluate(l).jinjaEquals(try evaluate(r)))
        case .notEqual(let l, let r):
            return .bool(!(try evaluate(l).jinjaEquals(try evaluate(r))))
        case .and(let l, let r):
            let a = try evaluate(l)
            return a.isTruthy ? try evaluate(r) : a
        case .or(let l, let r):
            let a = try evaluate(l)
            return a.isTruthy ? a : try evaluate(r)
        case .not(let inner):
            return .bool(!(try evaluate(inner)).isTruthy)
        }
    }

    /// `base.key` / `base[key]`: dictionary lookup, list and string indexing (negative from the
    /// end), undefined when absent; an error on undefined or none, as in Jinja.
    private func member(_ base: JinjaValue, _ key: JinjaValue, description: String, at: Int) throws(ChatTemplateError) -> JinjaValue {
        switch (base, key) {
        case (.dictionary(let d), .string(let k)):
            return d[k] ?? .undefined
        case (.list(let l), .integer(let i)):
            let j = i < 0 ? l.count + i : i
            return l.indices.contains(j) ? l[j] : .undefined
        case (.string(let s), .integer(let i)):
            let chars = Array(s)
            let j = i < 0 ? chars.count + i : i
            return chars.indices.contains(j) ? .string(String(chars[j])) : .undefined
        case (.undefined, _), (.none, _):
            throw .runtime(message: "'\(description)' of an undefined value", at: position(at))
        default:
            return .undefined
        }
    }
}
