/// Cuts a template into text and tags, and applies Jinja's whitespace rules the way Hugging
/// Face and llama.cpp configure them: `{%-`/`-%}` strip all whitespace on that side,
/// `trim_blocks` drops the first newline after a block tag, `lstrip_blocks` drops spaces and
/// tabs between a line start and a block tag (`{%+` opts out).
struct JinjaSegmenter {
    enum TagKind { case output, statement, comment }

    enum Segment {
        case text(String)
        /// `body` is the scalar range between the delimiters and their `-`/`+` markers.
        case tag(TagKind, body: Range<Int>, start: Int)
    }

    let source: [Unicode.Scalar]

    func segments() throws(ChatTemplateError) -> [Segment] {
        struct Raw {
            var text: [Unicode.Scalar]?
            var kind: TagKind = .output
            var body: Range<Int> = 0..<0
            var start = 0
            var stripBefore = false, keepBefore = false, stripAfter = false
            /// Whether this text begins at a line start for lstrip_blocks.
            var lineStarting = false
        }
        var raws: [Raw] = []
        var text: [Unicode.Scalar] = []
        var i = 0
        let n = source.count
        var lineStarting = true
        var textLineStarting = true
        while i < n {
            guard source[i] == "{", i + 1 < n, let kind = Self.kind(source[i + 1]) else {
                text.append(source[i])
                i += 1
                continue
            }
            raws.append(Raw(text: text, lineStarting: textLineStarting))
            text = []
            let start = i
            var tag = Raw(text: nil, kind: kind, start: start)
            i += 2
            if i < n, source[i] == "-" { tag.stripBefore = true; i += 1 } else if i < n, source[i] == "+" { tag.keepBefore = true; i += 1 }
            let close: Unicode.Scalar = kind == .output ? "}" : kind == .statement ? "%" : "#"
            let bodyStart = i
            var quote: Unicode.Scalar?
            var found = false
            while i < n {
                let c = source[i]
                if let q = quote {
                    if c == "\\" { i += 2; continue }
                    if c == q { quote = nil }
                } else if kind != .comment && (c == "'" || c == "\"") {
                    quote = c
                } else if c == close, i + 1 < n, source[i + 1] == "}" {
                    found = true
                    break
                }
                i += 1
            }
            guard found else {
                throw .syntax(message: quote != nil ? "unterminated string" : "unterminated tag",
                              at: TemplatePosition(offset: start, in: source))
            }
            var bodyEnd = i
            if bodyEnd > bodyStart, source[bodyEnd - 1] == "-" { tag.stripAfter = true; bodyEnd -= 1 }
            tag.body = bodyStart..<bodyEnd
            i += 2
            lineStarting = false
            if kind != .output, !tag.stripAfter, i < n, source[i] == "\n" {
                i += 1  // trim_blocks
                lineStarting = true
            }
            raws.append(tag)
            textLineStarting = lineStarting
        }
        raws.append(Raw(text: text, lineStarting: textLineStarting))

        // Whitespace control around each tag, applied to the neighbouring texts.
        for k in raws.indices where raws[k].text == nil {
            let tag = raws[k]
            if k > 0, var before = raws[k - 1].text {
                if tag.stripBefore {
                    while let last = before.last, last.properties.isWhitespace { before.removeLast() }
                } else if tag.kind != .output, !tag.keepBefore {
                    let lineStart = before.lastIndex(of: "\n").map { $0 + 1 } ?? 0
                    if (lineStart > 0 || raws[k - 1].lineStarting),
                       before[lineStart...].allSatisfy({ $0 == " " || $0 == "\t" }) {
                        before.removeSubrange(lineStart...)
                    }
                }
                raws[k - 1].text = before
            }
            if tag.stripAfter, k + 1 < raws.count, var after = raws[k + 1].text {
                let keep = after.firstIndex { !$0.properties.isWhitespace } ?? after.count
                after.removeFirst(keep)
                raws[k + 1].text = after
            }
        }
        var out: [Segment] = []
        for raw in raws {
            if let t = raw.text {
                if !t.isEmpty { out.append(.text(String(String.UnicodeScalarView(t)))) }
            } else if raw.kind != .comment {
                out.append(.tag(raw.kind, body: raw.body, start: raw.start))
            }
        }
        return out
    }

    private static func kind(_ c: Unicode.Scalar) -> TagKind? {
        switch c {
        case "{": .output
        case "%": .statement
        case "#": .comment
        default: nil
        }
    }
}
