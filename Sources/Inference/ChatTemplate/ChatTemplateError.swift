/// Where in a template something went wrong: 1-based line and column (in Unicode scalars).
public struct TemplatePosition: Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var line: Int
    public var column: Int

    init(offset: Int, in source: [Unicode.Scalar]) {
        self.offset = offset
        var line = 1, column = 1
        for s in source[..<min(offset, source.count)] {
            if s == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}

/// Why a chat template could not be parsed or rendered. Templates are parsed when a
/// `ChatTemplate` is made, so an unsupported template fails at model load, not per request.
public enum ChatTemplateError: Error, Equatable, CustomStringConvertible {
    /// Valid Jinja that this interpreter does not implement (filters, `set`, calls, ...).
    case unsupported(construct: String, at: TemplatePosition)
    /// Not valid Jinja: unterminated tags or strings, unbalanced blocks, stray tokens.
    case syntax(message: String, at: TemplatePosition)
    /// A render-time failure Jinja would also raise: undefined attribute access, `'a' + 1`.
    case runtime(message: String, at: TemplatePosition)

    public var description: String {
        switch self {
        case .unsupported(let construct, let at): "chat template uses \(construct) at \(at), which is not supported"
        case .syntax(let message, let at): "chat template syntax error at \(at): \(message)"
        case .runtime(let message, let at): "chat template error at \(at): \(message)"
        }
    }
}
