import ArgumentParser
import Attestation
import DCMLClient
import Foundation

/// `dcml chat https://HOST:PORT`: verifies the node as `dcml verify` does before the first prompt,
/// then checks every answer's signature and model hash. Reads prompts from stdin (one per line) or
/// takes one with `--prompt`.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat with a verified node; every answer's signature and model hash are checked.")

    @Argument(help: "The node, https://HOST:PORT.") var url: String
    @OptionGroup var options: NodeExpectationOptions
    @Option(help: "One prompt; without it, prompts are read from stdin line by line.") var prompt: String?
    @Option(help: "Most tokens per answer.") var maxTokens = 256
    @Option(help: "Sampling temperature.") var temperature = 0.7
    @Option(help: "System message.") var system: String?

    func run() async throws {
        let client = try DCMLClient(url: url, expectation: try options.expectation())
        let v: NodeVerification
        do { v = try await client.verify() } catch {
            FileHandle.standardError.write(Data("REFUSED: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let tee = v.isSimulated ? "SIMULATED TEE (not confidential)" : "TDX"
        FileHandle.standardError.write(Data("verified: \(tee), compose \(v.composeHash.prefix(16))…, model \(v.modelHash.prefix(16))…\n".utf8))
        var history = [ChatMessage]()
        if let system { history.append(.init(role: "system", content: system)) }
        func ask(_ text: String) async throws {
            history.append(.init(role: "user", content: text))
            let answer = try await client.chatStream(messages: history, maxTokens: maxTokens, temperature: temperature) { delta in
                FileHandle.standardOutput.write(Data(delta.utf8))
            }
            print("")
            FileHandle.standardError.write(Data("[signed by the attested key; model \(answer.modelHash.prefix(16))…; id \(answer.id)]\n".utf8))
            history.append(.init(role: "assistant", content: answer.content))
        }
        do {
            if let prompt { try await ask(prompt); return }
            FileHandle.standardError.write(Data("> ".utf8))
            while let line = readLine() {
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { try await ask(line) }
                FileHandle.standardError.write(Data("> ".utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("REFUSED: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
