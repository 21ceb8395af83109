/// Parses segments into nodes. Implements the subset chat templates such as SmolLM2's use:
/// `for`/`endfor`, `if`/`elif`/`else`/`endif`, `{{ }}`, string/integer/boolean/none literals,
/// negative integers, `+`, `==`, `!=`, `and`, `or`, `not`, parentheses, `.attr` and `[index]`. Anything else that
/// is valid Jinja throws `.unsupported` naming the construct and its position.
struct JinjaParser {
    let source: [Unicode.Scalar]
    private let segments: [JinjaSegmenter.Segment]
    private var index = 0

    /// Jinja statements this interpreter does not implement.
    static let unsupportedStatements: Set<String> = [
        "set", "endset", "macro", "endmacro", "call", "endcall", "filter", "endfilter", "block", "endblock",
        "extends", "include", "import", "from", "raw", "endraw", "with", "endwith", "autoescape",
        "endautoescape", "break", "continue", "do", "generation", "endgeneration",
    ]

    init(source: [Unicode.Scalar]) throws(ChatTemplateError) {
        self.source = source
        self.segments = try JinjaSegmenter(source: source).segments()
    }

    mutating func parse() throws(ChatTemplateError) -> [JinjaNode] {
        let (nodes, terminator) = try parseBody(until: [])
        if let terminator {
            throw .syntax(message: "unexpected {% \(terminator.keyword) %}", at: position(terminator.offset))
        }
        return nodes
    }

    private func position(_ offset: Int) -> TemplatePosition { TemplatePosition(offset: offset, in: source) }

    private struct Terminator {
        var keyword: String
        var tokens: TokenStream
        var offset: Int
    }

    /// Parses nodes until a statement whose keyword is in `terminators` (returned, unconsumed
    /// beyond its keyword) or the end of the template (nil).
    private mutating func parseBody(until terminators: Set<String>) throws(ChatTemplateError) -> ([JinjaNode], Terminator?) {
        var nodes: [JinjaNode] = []
        while index < segments.count {
            let segment = segments[index]
            index += 1
            switch segment {
            case .text(let t):
                nodes.append(.text(t))
            case .tag(.output, let body, let start):
                var stream = try TokenStream(source: source, range: body)
                if case .end = stream.peek.kind { throw .syntax(message: "empty {{ }}", at: position(start)) }
                let expression = try stream.parseExpression()
                try stream.expectEnd()
                nodes.append(.output(expression))
            case .tag(.comment, _, _):
                continue
            case .tag(.statement, let body, let start):
                var stream = try TokenStream(source: source, range: body)
                guard case .name(let keyword) = stream.peek.kind else {
                    throw .syntax(message: "expected a statement keyword", at: position(stream.peek.offset))
                }
                let keywordOffset = stream.peek.offset
                stream.advance()
                if terminators.contains(keyword) {
                    return (nodes, Terminator(keyword: keyword, tokens: stream, offset: keywordOffset))
                }
                switch keyword {
                case "for":
                    nodes.append(try parseFor(&stream, start: start))
                case "if":
                    nodes.append(try parseIf(&stream, start: start))
                case "endfor", "endif", "elif", "else":
                    throw .syntax(message: "unexpected {% \(keyword) %}", at: position(keywordOffset))
                default:
                    if Self.unsupportedStatements.contains(keyword) {
                        throw .unsupported(construct: "{% \(keyword) %}", at: position(keywordOffset))
                    }
                    throw .syntax(message: "unknown statement '\(keyword)'", at: position(keywordOffset))
                }
            }
        }
        return (nodes, nil)
    }

    private mutating func parseFor(_ stream: inout TokenStream, start: Int) throws(ChatTemplateError) -> JinjaNode {
        guard case .name(let variable) = stream.peek.kind else {
            throw .syntax(message: "expected a loop variable", at: position(stream.peek.offset))
        }
        stream.advance()
        if stream.peek.kind == .op(",") {
            throw .unsupported(construct: "for loop with several targets", at: position(stream.peek.offset))
        }
        guard stream.peek.kind == .name("in") else {
            throw .syntax(message: "expected 'in'", at: position(stream.peek.offset))
        }
        stream.advance()
        let iterable = try stream.parseExpression()
        if case .name(let word) = stream.peek.kind, word == "if" || word == "recursive" {
            throw .unsupported(construct: "'\(word)' in a for loop", at: position(stream.peek.offset))
        }
        try stream.expectEnd()
        let (body, terminator) = try parseBody(until: ["endfor", "else"])
        guard var terminator else { throw .syntax(message: "{% for %} without {% endfor %}", at: position(start)) }
        if terminator.keyword == "else" {
            throw .unsupported(construct: "{% else %} in a for loop", at: position(terminator.offset))
        }
        try terminator.tokens.expectEnd()
        return .forLoop(variable: variable, iterable: iterable, body: body)
    }

    private mutating func parseIf(_ stream: inout TokenStream, start: Int) throws(ChatTemplateError) -> JinjaNode {
        var condition = try stream.parseExpression()
        try stream.expectEnd()
        var branches: [(condition: JinjaExpression, body: [JinjaNode])] = []
        while true {
            let (body, terminator) = try parseBody(until: ["elif", "else", "endif"])
            guard var terminator else { throw .syntax(message: "{% if %} without {% endif %}", at: position(start)) }
            branches.append((condition, body))
            switch terminator.keyword {
            case "elif":
                condition = try terminator.tokens.parseExpression()
                try terminator.tokens.expectEnd()
            case "else":
                try terminator.tokens.expectEnd()
                let (otherwise, end) = try parseBody(until: ["endif"])
                guard var end else { throw .syntax(message: "{% if %} without {% endif %}", at: position(start)) }
                try end.tokens.expectEnd()
                return .conditional(branches: branches, otherwise: otherwise)
            default:
                try terminator.tokens.expectEnd()
                return .conditional(branches: branches, otherwise: [])
            }
        }
    }
}

/// A cursor over the tokens of one tag, with the expression grammar.
struct TokenStream {
    let source: [Unicode.Scalar]
    private let tokens: [JinjaLexer.Token]
    private var index = 0

    init(source: [Unicode.Scalar], range: Range<Int>) throws(ChatTemplateError) {
        self.source = source
        self.tokens = try JinjaLexer.tokens(source, range)
    }

    var peek: JinjaLexer.Token { tokens[index] }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    private func position(_ offset: Int) -> TemplatePosition { TemplatePosition(offset: offset, in: source) }

    mutating func expectEnd() throws(ChatTemplateError) {
        if case .end = peek.kind { return }
        throw unexpected(peek)
    }

    /// Names the Jinja construct a token starts when it is valid Jinja but not supported here.
    private func unexpected(_ token: JinjaLexer.Token) -> ChatTemplateError {
        let at = position(token.offset)
        switch token.kind {
        case .op("|"): return .unsupported(construct: "filter '|'", at: at)
        case .op("("): return .unsupported(construct: "function or method call", at: at)
        case .op(let op) where ["-", "*", "/", "//", "%", "**", "~"].contains(op):
            return .unsupported(construct: "operator '\(op)'", at: at)
        case .op(let op) where ["<", ">", "<=", ">="].contains(op):
            return .unsupported(construct: "comparison '\(op)'", at: at)
        case .name(let word) where ["in", "is", "if"].contains(word):
            return .unsupported(construct: word == "if" ? "inline if expression" : "operator '\(word)'", at: at)
        case .op(let op): return .syntax(message: "unexpected '\(op)'", at: at)
        case .name(let word): return .syntax(message: "unexpected '\(word)'", at: at)
        case .string, .integer, .float: return .syntax(message: "unexpected literal", at: at)
        case .end: return .syntax(message: "unexpected end of tag", at: at)
        }
    }

    mutating func parseExpression() throws(ChatTemplateError) -> JinjaExpression {
        var lhs = try parseAnd()
        while peek.kind == .name("or") {
            advance()
            lhs = .or(lhs, try parseAnd())
        }
        return lhs
    }

    private mutating func parseAnd() throws(ChatTemplateError) -> JinjaExpression {
        var lhs = try parseNot()
        while peek.kind == .name("and") {
            advance()
            lhs = .and(lhs, try parseNot())
        }
        return lhs
    }

    private mutating func parseNot() throws(ChatTemplateError) -> JinjaExpression {
        if peek.kind == .name("not") {
            advance()
            return .not(try parseNot())
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(ChatTemplateError) -> JinjaExpression {
        var lhs = try parseAdditive()
        while true {
            switch peek.kind {
            case .op("=="):
                advance()
                lhs = .equal(lhs, try parseAdditive())
            case .op("!="):
                advance()
                lhs = .notEqual(lhs, try parseAdditive())
            case .name("not"):
                throw .unsupported(construct: "operator 'not in'", at: position(peek.offset))
            default:
                return lhs
            }
        }
    }

    private mutating func parseAdditive() throws(ChatTemplateError) -> JinjaExpression {
        var lhs = try parsePostfix()
        while peek.kind == .op("+") {
            let at = peek.offset
            advance()
            lhs = .add(lhs, try parsePostfix(), at: at)
        }
        return lhs
    }

    private mutating func parsePostfix() throws(ChatTemplateError) -> JinjaExpression {
        var value = try parsePrimary()
        while true {
            let at = peek.offset
            switch peek.kind {
            case .op("."):
                advance()
                guard case .name(let name) = peek.kind else {
                    throw .syntax(message: "expected an attribute name after '.'", at: position(peek.offset))
                }
                advance()
                value = .attribute(value, name, at: at)
            case .op("["):
                advance()
                if peek.kind == .op(":") { throw .unsupported(construct: "slice", at: position(peek.offset)) }
                let key = try parseExpression()
                if peek.kind == .op(":") { throw .unsupported(construct: "slice", at: position(peek.offset)) }
                guard peek.kind == .op("]") else { throw unexpected(peek) }
                advance()
                value = .item(value, key, at: at)
            case .op("("):
                throw .unsupported(construct: "function or method call", at: position(at))
            case .op("|"):
                throw .unsupported(construct: "filter '|'", at: position(at))
            default:
                return value
            }
        }
    }

    private mutating func parsePrimary() throws(ChatTemplateError) -> JinjaExpression {
        let token = peek
        let at = position(token.offset)
        switch token.kind {
        case .string(let s):
            advance()
            if case .string = peek.kind {
                throw .unsupported(construct: "implicit string concatenation", at: position(peek.offset))
            }
            return .literal(.string(s))
        case .integer(let i):
            advance()
            return .literal(.integer(i))
        case .float:
            throw .unsupported(construct: "float literal", at: at)
        case .name(let name):
            advance()
            switch name {
            case "true", "True": return .literal(.bool(true))
            case "false", "False": return .literal(.bool(false))
            case "none", "None": return .literal(.none)
            case "and", "or", "in", "is", "if", "else", "not":
                throw .syntax(message: "unexpected '\(name)'", at: at)
            default: return .variable(name, at: token.offset)
            }
        case .op("("):
            advance()
            let inner = try parseExpression()
            if peek.kind == .op(",") { throw .unsupported(construct: "tuple", at: position(peek.offset)) }
            guard peek.kind == .op(")") else { throw unexpected(peek) }
            advance()
            return inner
        case .op("["):
            throw .unsupported(construct: "list literal", at: at)
        case .op("{"):
            throw .unsupported(construct: "dict literal", at: at)
        case .op("-"):
            // Negative integer literals only (`messages[-1]` is common in chat templates).
            advance()
            guard case .integer(let i) = peek.kind else { throw .unsupported(construct: "unary '-'", at: at) }
            advance()
            return .literal(.integer(-i))
        default:
            throw unexpected(token)
        }
    }
}
