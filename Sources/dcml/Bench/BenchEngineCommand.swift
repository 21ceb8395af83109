import ArgumentParser
import Foundation
import Inference
import ModelCache

/// Decode, prefill, batching and memory of the embedded engine, side by side with llama.cpp
/// (xllamacpp, in-process) on the same GGUF, the same prompt tokens and the same threads.
struct BenchEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Benchmark the CPU engine against llama.cpp on the same model and threads.")

    @Option(help: "GGUF model (default: the installed default model).") var model: String?
    @Option(help: "Thread counts to measure, comma-separated.") var threads = "1,2"
    @Option(help: "Prompt tokens for the prefill measurement.") var promptTokens = 128
    @Option(help: "Tokens to decode per stream.") var decodeTokens = 128
    @Option(help: "Concurrent streams for the aggregate measurement.") var streams = 16
    @Option(help: "Prompt tokens of each concurrent stream (a chat-sized prompt).") var streamPromptTokens = 32
    @Flag(help: "Measure only DCML, not llama.cpp.") var noPeer = false

    struct Figures: Codable {
        var prefill: Double
        var decode: Double
        var aggregate: Double
    }

    func run() async throws {
        let path = try model ?? ModelCache.default.ensure(.smolLM2).path
        let threadCounts = threads.split(separator: ",").compactMap { Int($0) }
        let fileSize = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        // The same token ids for both engines: a BOS-like start then spread-out vocabulary ids.
        let prompt = Self.prompt(promptTokens)

        print("model \(path) (\(fileSize / 1_000_000) MB), prompt \(promptTokens) tokens, decode \(decodeTokens) tokens, \(streams) streams of \(streamPromptTokens)-token prompts")
        print("| threads | engine | prefill tok/s | decode tok/s | \(streams) streams tok/s |")
        print("|---|---|---|---|---|")
        for t in threadCounts {
            let ours = try await measureDCML(path: path, threads: t, prompt: prompt)
            print("| \(t) | DCML | \(f(ours.prefill)) | \(f(ours.decode)) | \(f(ours.aggregate)) |")
            if !noPeer {
                let peer = try measureLlamaCpp(path: path, threads: t)
                print("| \(t) | llama.cpp | \(f(peer.prefill)) | \(f(peer.decode)) | \(f(peer.aggregate)) |")
                print("| \(t) | ratio | \(f(ours.prefill / peer.prefill))x | \(f(ours.decode / peer.decode))x | \(f(ours.aggregate / peer.aggregate))x |")
            }
        }
        let peak = Self.peakResidentBytes()
        // Peak KV cache: every stream's prompt + decode at 2 x layers x kv width floats.
        let engine = try LocalEngine(modelPath: path, configuration: .init(threads: 1, maxBatch: 1))
        let h = engine.hyperparameters
        let kvBytes = streams * (promptTokens + decodeTokens + 256) * 2 * h.layerCount * h.kvWidth * 4
        print("peak resident \(peak / 1_000_000) MB; bound GGUF \(fileSize / 1_000_000) MB + KV \(kvBytes / 1_000_000) MB + 150 MB = \((fileSize + kvBytes) / 1_000_000 + 150) MB")
    }

    private func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// The same token ids for both engines: a BOS-like start then spread-out vocabulary ids.
    static func prompt(_ n: Int) -> [Int32] {
        [1] + (1..<n).map { Int32(($0 * 7919) % 40_000 + 200) }
    }

    private func measureDCML(path: String, threads: Int, prompt: [Int32]) async throws -> Figures {
        let engine = try LocalEngine(modelPath: path, configuration: .init(threads: threads, maxBatch: streams, queueCapacity: streams))
        defer { engine.shutdown() }
        let promptText = GenerationPrompt.tokens(prompt)
        // Warm-up, then prefill: time to the first token of a 1-token request.
        _ = try await run(engine, promptText, maxTokens: 8)
        let prefill = try await run(engine, promptText, maxTokens: 1)
        let decodeRun = try await run(engine, promptText, maxTokens: decodeTokens)
        let decode = Double(decodeTokens - 1) / (decodeRun.end - decodeRun.first)

        let streamPrompt = GenerationPrompt.tokens(Self.prompt(streamPromptTokens))
        let start = Date().timeIntervalSince1970
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<streams { group.addTask { _ = try await run(engine, streamPrompt, maxTokens: decodeTokens) } }
            try await group.waitForAll()
        }
        let aggregate = Double(streams * decodeTokens) / (Date().timeIntervalSince1970 - start)
        return Figures(prefill: Double(prompt.count) / (prefill.first - prefill.start), decode: decode, aggregate: aggregate)
    }

    /// Start, first-token and end times of one greedy request that ignores end-of-turn.
    private func run(_ engine: LocalEngine, _ prompt: GenerationPrompt, maxTokens: Int) async throws -> (start: Double, first: Double, end: Double) {
        let start = Date().timeIntervalSince1970
        var first: Double?
        let request = GenerationRequest(prompt: prompt, maxTokens: maxTokens, sampling: .init(temperature: 0), ignoreEndOfTurn: true)
        for try await event in try await engine.generate(request) {
            if first == nil { first = Date().timeIntervalSince1970 }
            _ = event
        }
        return (start, first ?? start, Date().timeIntervalSince1970)
    }

    private func measureLlamaCpp(path: String, threads: Int) throws -> Figures {
        let out = try PythonPackages.run(script: Self.llamaCppScript,
                                         arguments: [path, "\(threads)", "\(promptTokens)", "\(decodeTokens)", "\(streams)", "\(streamPromptTokens)"],
                                         requirements: [PythonPackages.xllamacpp])
        guard let line = out.split(separator: "\n").last, let figures = try? JSONDecoder().decode(Figures.self, from: Data(line.utf8)) else {
            throw ValidationError("llama.cpp benchmark printed no result: \(out.suffix(500))")
        }
        return figures
    }

    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
        }
        return 0
    }

    /// llama.cpp's own timings (prompt_per_second, predicted_per_second) for the same prompt ids.
    static let llamaCppScript = #"""
import sys, time, json, threading, xllamacpp
model, threads, prompt_n, decode_n, streams, stream_prompt_n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
p = xllamacpp.CommonParams()
p.model.path = model
p.n_ctx = streams * (prompt_n + decode_n + 64)
p.n_parallel = streams
p.cpuparams.n_threads = threads
p.cpuparams_batch.n_threads = threads
s = xllamacpp.Server(p)
def ids(n):
    return [1] + [(i * 7919) % 40000 + 200 for i in range(1, n)]
def one(n, prompt):
    return s.handle_completions({"prompt": prompt, "n_predict": n, "ignore_eos": True, "temperature": 0, "cache_prompt": False})
one(8, ids(prompt_n))
t = one(decode_n, ids(prompt_n))["timings"]
res = []
ths = [threading.Thread(target=lambda: res.append(one(decode_n, ids(stream_prompt_n)))) for _ in range(streams)]
t0 = time.time()
for th in ths: th.start()
for th in ths: th.join()
wall = time.time() - t0
agg = sum(x["timings"]["predicted_n"] for x in res) / wall
print(json.dumps({"prefill": t["prompt_per_second"], "decode": t["predicted_per_second"], "aggregate": agg}))
"""#
}
