import Foundation
import Testing
import TestSupport
@testable import Inference

@Suite("ChatTemplate: a Jinja subset rendering GGUF chat templates")
struct ChatTemplateTests {
    static let messages = [ChatMessage(role: "system", content: "S"), ChatMessage(role: "user", content: "U"),
                           ChatMessage(role: "assistant", content: "A")]

    func render(_ source: String, _ messages: [ChatMessage] = messages, generation: Bool = false) throws -> String {
        try ChatTemplate(source: source).render(messages: messages, addGenerationPrompt: generation)
    }

    @Test func smolLM2TemplateMatchesLlamaCppGoldenRenders() throws {
        let gguf = try TokenizerFixture.gguf()
        let tokenizer = try TokenizerFixture.tokenizer()
        let template = try ChatTemplate(gguf: gguf)
        #expect(template.source.contains("You are a helpful AI assistant named SmolLM"))
        #expect(template.bosToken == "<|im_start|>")
        #expect(template.eosToken == "<|im_end|>")
        let cases = try TokenizerFixture.goldenCases()
        let withSystem = try #require(cases.first { $0.render != nil })
        let rendered = try template.render(messages: [.init(role: "system", content: "Be brief."), .init(role: "user", content: "Hi")],
                                           addGenerationPrompt: true)
        #expect(rendered == withSystem.render)
        #expect(tokenizer.encode(rendered) == withSystem.ids)
        let defaultSystem = try #require(cases.compactMap(\.renderDefaultSystem).first)
        #expect(try template.render(messages: [.init(role: "user", content: "Hi")], addGenerationPrompt: true) == defaultSystem)
    }

    /// The greedy reference prompt was tokenized without the newline after `assistant`; the
    /// template's generation prompt has it, so the rendered prompt is exactly those ids + "\n".
    @Test func greedyReferencePromptIDs() throws {
        let text = try String(contentsOf: SharedVectors.url("smollm2/smollm2_greedy_reference.txt"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = try #require(lines.firstIndex { $0.hasPrefix("prompt_ids") })
        let expected = lines[header + 1].split(separator: ",").map { Int32($0.trimmingCharacters(in: .whitespaces))! }
        #expect(expected.count == 35)
        let template = try ChatTemplate(gguf: try TokenizerFixture.gguf())
        let tokenizer = try TokenizerFixture.tokenizer()
        let rendered = try template.render(messages: [.init(role: "user", content: "Write one sentence about cats.")],
                                           addGenerationPrompt: true)
        #expect(rendered.hasSuffix("<|im_start|>assistant\n"))
        #expect(tokenizer.encode(String(rendered.dropLast())) == expected)
        #expect(tokenizer.encode(rendered) == expected + [198])
    }

    @Test func chatMLFallbackMatchesSmolLM2WhenASystemMessageIsGiven() throws {
        let gguf = try ChatTemplate(gguf: try TokenizerFixture.gguf())
        let chatML = try ChatTemplate(source: ChatTemplate.chatML)
        for generation in [false, true] {
            #expect(try chatML.render(messages: Self.messages, addGenerationPrompt: generation)
                    == gguf.render(messages: Self.messages, addGenerationPrompt: generation))
        }
        #expect(try chatML.render(messages: [.init(role: "user", content: "Hi")], addGenerationPrompt: true)
                == "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
    }

    // Expected strings below come from jinja2 3.1 with trim_blocks and lstrip_blocks, the
    // environment Hugging Face and llama.cpp render chat templates in.

    @Test func trimAndLstripBlocks() throws {
        #expect(try render("{% for m in messages %}\n  {{ m.role }}:{{ m['content'] }}\n{% endfor %}") == "  system:S\n  user:U\n  assistant:A\n")
        #expect(try render("  {% if true %}\nyes\n  {% endif %}\nend") == "yes\nend")
        #expect(try render("{%+ if true %}a{% endif %}") == "a")
    }

    @Test func whitespaceControl() throws {
        #expect(try render("A  {%- if true -%}  \n  x  \n  {%- endif %}B") == "AxB")
        #expect(try render("x {#- comment -#} y\n{# c #}\nz") == "xy\nz")
        #expect(try render("a {{- 'b' -}} \n c") == "abc")
    }

    @Test func loopVariablesAndBranches() throws {
        #expect(try render("{% for m in messages %}{{ loop.index0 }}{% if loop.first %}F{% elif loop.last %}L{% else %}M{% endif %}{% endfor %}") == "0F1M2L")
        #expect(try render("{% for m in messages %}{{ loop.index }}/{{ loop.length }}{% if not loop.last %},{% endif %}{% endfor %}") == "1/3,2/3,3/3")
        #expect(try render("{% for m in messages %}{% for n in messages %}{{ loop.index0 }}{% endfor %}{{ m.role[0] }}{% endfor %}") == "012s012u012a")
    }

    @Test func expressions() throws {
        #expect(try render("{{ messages[0]['role'] == 'system' and not add_generation_prompt }}|{{ missing or 'fallback' }}|{{ messages[-1].content }}|{{ messages[9] }}|{{ 1 + 2 }}|{{ true }}{{ none }}")
                == "True|fallback|A||3|TrueNone")
        #expect(try render("{{ 'it\\'s' + \"\\n\" }}") == "it's\n")
        #expect(try render("{{ (messages[0].role != 'user') == true }}{{ bos_token }}") == "True")
        #expect(try ChatTemplate(source: "{{ bos_token + eos_token }}", bosToken: "<s>", eosToken: "</s>")
                    .render(messages: [], addGenerationPrompt: false) == "<s></s>")
        #expect(try render("{% if add_generation_prompt %}G{% endif %}", generation: true) == "G")
        #expect(try render("{% for m in messages %}{% if m.role == 'user' or m.role == 'assistant' %}{{ m.content }}{% endif %}{% endfor %}") == "UA")
    }

    @Test func unsupportedConstructsAreNamedWithTheirPosition() {
        func construct(_ source: String) -> (String, Int, Int)? {
            do {
                _ = try ChatTemplate(source: source)
                return nil
            } catch {
                guard case .unsupported(let c, let at) = error else { return nil }
                return (c, at.line, at.column)
            }
        }
        #expect(construct("ab\n{{ x | trim }}")! == ("filter '|'", 2, 6))
        #expect(construct("{% set x = 1 %}")! == ("{% set %}", 1, 4))
        #expect(construct("{{ x.strip() }}")! == ("function or method call", 1, 11))
        #expect(construct("{{ a ~ b }}")! == ("operator '~'", 1, 6))
        #expect(construct("{% if 'a' in b %}{% endif %}")! == ("operator 'in'", 1, 11))
        #expect(construct("{% if x is defined %}{% endif %}")! == ("operator 'is'", 1, 9))
        #expect(construct("{{ x[1:] }}")! == ("slice", 1, 7))
        #expect(construct("{% for a, b in x %}{% endfor %}")! == ("for loop with several targets", 1, 9))
        #expect(construct("{% for a in x %}{% else %}{% endfor %}")! == ("{% else %} in a for loop", 1, 20))
        #expect(construct("{{ 'a' if x else 'b' }}")! == ("inline if expression", 1, 8))
        #expect(construct("{{ [1, 2] }}")! == ("list literal", 1, 4))
        #expect(construct("{{ a < b }}")! == ("comparison '<'", 1, 6))
        #expect(construct("{{ -x }}")! == ("unary '-'", 1, 4))
    }

    @Test func syntaxAndRuntimeErrors() {
        #expect(throws: ChatTemplateError.self) { try ChatTemplate(source: "{% if x %}never closed") }
        #expect(throws: ChatTemplateError.self) { try ChatTemplate(source: "{{ 'unterminated }}") }
        #expect(throws: ChatTemplateError.self) { try ChatTemplate(source: "{% endif %}") }
        #expect(throws: ChatTemplateError.self) { try ChatTemplate(source: "{{ a b }}") }
        #expect(throws: ChatTemplateError.self) { try ChatTemplate(source: "{% frobnicate %}") }
        do {
            _ = try render("x\n  {{ 'a' + 1 }}")
            Issue.record("adding a string and an int must fail")
        } catch let error as ChatTemplateError {
            guard case .runtime(_, let at) = error else { Issue.record("wrong error \(error)"); return }
            #expect(at.line == 2 && at.column == 10)
        } catch {
            Issue.record("untyped error \(error)")
        }
        #expect(throws: ChatTemplateError.self) { try render("{{ missing.attribute }}") }
    }
}
