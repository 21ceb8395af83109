import ArgumentParser
import Attestation
import DCMLClient
import Foundation

/// `dcml chat https://HOST:PORT`: verifies the node as `dcml verify` does before the first prompt,
/// then checks every answer's signature and model hash. Reads prompts from stdin (one per line) or
/// takes one with `--prompt`. A paid node (its attested app-compose names a model market) is paid
/// from the stored channel with it (`dcml channel open`), each answer's cost shown on stderr.
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
    @Option(help: "Paid node: the stored channel to pay from (default: the only open one with this node).") var channel: UInt64?
    @Option(help: "Paid node: the NEAR key file the channel was opened with (default: the one stored with the channel).") var key: String?

    func run() async throws {
        let client = try DCMLClient(url: url, expectation: try options.expectation())
        let v: NodeVerification
        do { v = try await client.verify() } catch {
            FileHandle.standardError.write(Data("REFUSED: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let tee = v.isSimulated ? "SIMULATED TEE (not confidential)" : "TDX"
        FileHandle.standardError.write(Data("verified: \(tee), compose \(v.composeHash.prefix(16))…, model \(v.modelHash.prefix(16))…\n".utf8))
        do {
            let session = v.isPaid ? try await PaidSession.stored(in: .standard(), client: client, channel: channel, keyFile: key) : nil
            if let session {
                FileHandle.standardError.write(Data("paid node: paying from channel \(session.facts.channel) on \(session.facts.domain)\n".utf8))
            }
            var history = [ChatMessage]()
            if let system { history.append(.init(role: "system", content: system)) }
            func ask(_ text: String) async throws {
                history.append(.init(role: "user", content: text))
                let answer: VerifiedCompletion
                if let session { answer = try await paidAnswer(history, session: session) } else { answer = try await freeAnswer(history, client: client) }
                FileHandle.standardError.write(Data("[signed by the attested key; model \(answer.modelHash.prefix(16))…; id \(answer.id)]\n".utf8))
                history.append(.init(role: "assistant", content: answer.content))
            }
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

    private func freeAnswer(_ history: [ChatMessage], client: DCMLClient) async throws -> VerifiedCompletion {
        let answer = try await client.chatStream(messages: history, maxTokens: maxTokens, temperature: temperature) { delta in
            FileHandle.standardOutput.write(Data(delta.utf8))
        }
        FileHandle.standardOutput.write(Data("\n".utf8))  // unbuffered, like the deltas: before what goes to stderr next
        return answer
    }

    /// A paid answer, streamed, with what it cost on stderr once it ends.
    private func paidAnswer(_ history: [ChatMessage], session: PaidSession) async throws -> VerifiedCompletion {
        let before = await session.spent
        let paid = try await session.chatStream(messages: history, maxTokens: maxTokens, temperature: temperature) { delta in
            FileHandle.standardOutput.write(Data(delta.utf8))
        }
        FileHandle.standardOutput.write(Data("\n".utf8))  // unbuffered, like the deltas: before what goes to stderr next
        let deposit = session.facts.deposit
        FileHandle.standardError.write(Data("""
            [paid \(YoctoNear.format(paid.spent - before)) NEAR for \(paid.promptTokens) prompt + \(paid.completionTokens) completion tokens; \
            channel \(session.facts.channel): spent \(YoctoNear.format(paid.spent)) of \(YoctoNear.format(deposit)), \
            remaining \(YoctoNear.format(deposit - paid.spent)) NEAR]

            """.utf8))
        return paid.completion
    }
}
