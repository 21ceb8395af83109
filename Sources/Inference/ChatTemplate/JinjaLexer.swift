/// Tokens of the expression language inside `{{ }}` and `{% %}`. Every Jinja operator is
/// recognised, including the ones the parser rejects, so errors name the construct.
struct JinjaLexer {
    enum Kind: Equatable {
        case name(String)
        case string(String)
        case integer(Int)
        case float(Double)
        case op(String)
        case end
    }

    struct Token {
        var kind: Kind
        var offset: Int
    }

    static let operators = ["**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "|", ".", ",",
                            ":", "(", ")", "[", "]", "{", "}", "<", ">", "="]

    static func tokens(_ source: [Unicode.Scalar], _ range: Range<Int>) throws(ChatTemplateError) -> [Token] {
        var out: [Token] = []
        var i = range.lowerBound
        let end = range.upperBound
        func position(_ o: Int) -> TemplatePosition { TemplatePosition(offset: o, in: source) }
        scan: while i < end {
            let c = source[i]
            if c.properties.isWhitespace { i += 1; continue }
            let start = i
            if c == "'" || c == "\"" {
                var value = String.UnicodeScalarView()
                i += 1
                while i < end, source[i] != c {
                    if source[i] == "\\", i + 1 < end {
                        i += 1
                        switch source[i] {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        case "r": value.append("\r")
                        case "\\", "'", "\"": value.append(source[i])
                        default:
                            value.append("\\")
                            value.append(source[i])
                        }
                    } else {
                        value.append(source[i])
                    }
                    i += 1
                }
                guard i < end else { throw .syntax(message: "unterminated string", at: position(start)) }
                i += 1
                out.append(Token(kind: .string(String(value)), offset: start))
                continue
            }
            if c.properties.isAlphabetic || c == "_" {
                var name = String.UnicodeScalarView()
                while i < end, source[i].properties.isAlphabetic || source[i] == "_" || ("0"..."9").contains(source[i]) {
                    name.append(source[i])
                    i += 1
                }
                out.append(Token(kind: .name(String(name)), offset: start))
                continue
            }
            if ("0"..."9").contains(c) {
                var digits = ""
                while i < end, ("0"..."9").contains(source[i]) || source[i] == "_" {
                    if source[i] != "_" { digits.unicodeScalars.append(source[i]) }
                    i += 1
                }
                if i + 1 < end, source[i] == ".", ("0"..."9").contains(source[i + 1]) {
                    digits.append(".")
                    i += 1
                    while i < end, ("0"..."9").contains(source[i]) { digits.unicodeScalars.append(source[i]); i += 1 }
                    out.append(Token(kind: .float(Double(digits) ?? 0), offset: start))
                } else {
                    guard let value = Int(digits) else { throw .syntax(message: "integer \(digits) is too large", at: position(start)) }
                    out.append(Token(kind: .integer(value), offset: start))
                }
                continue
            }
            for op in operators {
                let scalars = Array(op.unicodeScalars)
                if i + scalars.count <= end, Array(source[i..<i + scalars.count]) == scalars {
                    out.append(Token(kind: .op(op), offset: start))
                    i += scalars.count
                    continue scan
                }
            }
            throw .syntax(message: "unexpected character '\(c)'", at: position(start))
        }
        out.append(Token(kind: .end, offset: end))
        return out
    }
}
