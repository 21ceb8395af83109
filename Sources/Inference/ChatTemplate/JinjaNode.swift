/// The parsed form of a template.
indirect enum JinjaNode: Sendable {
    case text(String)
    case output(JinjaExpression)
    case forLoop(variable: String, iterable: JinjaExpression, body: [JinjaNode])
    /// `if`/`elif` branches in order, then the `else` body (empty when absent).
    case conditional(branches: [(condition: JinjaExpression, body: [JinjaNode])], otherwise: [JinjaNode])
}

/// An expression inside `{{ }}` or a tag; positions are kept for runtime errors.
indirect enum JinjaExpression: Sendable {
    case literal(JinjaValue)
    case variable(String, at: Int)
    case attribute(JinjaExpression, String, at: Int)
    case item(JinjaExpression, JinjaExpression, at: Int)
    case add(JinjaExpression, JinjaExpression, at: Int)
    case equal(JinjaExpression, JinjaExpression)
    case notEqual(JinjaExpression, JinjaExpression)
    case and(JinjaExpression, JinjaExpression)
    case or(JinjaExpression, JinjaExpression)
    case not(JinjaExpression)
}
