import DCMLClient
import Foundation
import HummingbirdTesting
import Logging
import NearLightClient
import PayProxy
import Payments
import TestSupport
import Testing

/// `dcml pay-proxy`'s server with the official `openai` Python package, unmodified, as the
/// payer's client: a paid node behind it, a channel from the payer's store, every request paid
/// with a voucher and the stored totals kept exact.
@Suite struct PayProxyTests {
    private static let script = """
        import json, sys, openai
        base, model = sys.argv[1], sys.argv[2]
        client = openai.OpenAI(base_url=base, api_key="unused", max_retries=0, timeout=120)
        out = {"models": [m.id for m in client.models.list().data], "chats": []}
        messages = [{"role": "user", "content": "Name three colors."}]
        for _ in range(2):
            raw = client.chat.completions.with_raw_response.create(model=model, messages=messages, max_tokens=4, temperature=0)
            r = raw.parse()
            out["chats"].append({"content": r.choices[0].message.content, "prompt_tokens": r.usage.prompt_tokens,
                                 "completion_tokens": r.usage.completion_tokens, "model_hash": r.model_extra.get("model_hash"),
                                 "spent": raw.headers.get("x-dcml-channel-spent")})
        out["streams"] = []
        for options in [None, {"include_usage": True}]:
            extra = {"stream_options": options} if options else {}
            chunks = list(client.chat.completions.create(model=model, messages=messages, max_tokens=4, temperature=0, stream=True, **extra))
            usage = [c.usage for c in chunks if c.usage is not None]
            out["streams"].append({
                "content": "".join(c.choices[0].delta.content or "" for c in chunks if c.choices),
                "model_hashes": sorted({c.model_extra.get("model_hash") for c in chunks}),
                "usage": [{"prompt_tokens": u.prompt_tokens, "completion_tokens": u.completion_tokens,
                           "spent": (u.model_extra or {}).get("dcml_channel_spent")} for u in usage]})
        try:
            client.chat.completions.create(model=model, messages=messages, max_tokens=10**9)
        except openai.APIStatusError as e:
            out["expensive"] = {"status": e.status_code, "code": e.code}
        print(json.dumps(out))
        """

    @Test func openAIClientPaysThroughTheProxy() async throws {
        try await PaidNode.with { node in
            let home = FileManager.default.temporaryDirectory.path + "/dcml-home-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: home) }
            let store = ChannelStore.standard(environment: ["DCML_HOME": home])
            let stored = try await openStoredChannel(node, store: store, home: home)
            let session = try await PaidSession.stored(in: store, client: node.client)
            let model = try await node.client.models()[0]

            let output = try await PayProxy(session: session).application(host: "127.0.0.1", port: 0, logger: Logger(label: "test.pay-proxy")).test(.live) { proxy in
                let port = try #require(proxy.port)
                return try await runBlocking {
                    try PythonPackages.run(script: Self.script, arguments: ["http://127.0.0.1:\(port)/v1", model], requirements: [PythonPackages.openai])
                }
            }
            let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            #expect(json["models"] as? [String] == [model])
            let chats = try #require(json["chats"] as? [[String: Any]])
            try #require(chats.count == 2)
            let prices = stored.facts.prices
            var prompt: UInt64 = 0, completion: UInt64 = 0, spentBefore: UInt128 = 0
            for chat in chats {
                let p = try #require(chat["prompt_tokens"] as? Int), c = try #require(chat["completion_tokens"] as? Int)
                #expect(p > 0 && c > 0 && c <= 4)
                #expect(chat["model_hash"] as? String == node.client.verification?.modelHash)
                prompt += UInt64(p)
                completion += UInt64(c)
                let spent = try prices.cost(promptTokens: prompt, completionTokens: completion).total
                #expect(chat["spent"] as? String == "\(spent)", "the channel's spent moves by exactly the price of the reported usage")
                #expect(spent > spentBefore)
                spentBefore = spent
            }

            // Streams pass through as they arrive, each chunk naming the attested model; the usage
            // chunk the node is always asked for reaches only the client that asked for it.
            let streams = try #require(json["streams"] as? [[String: Any]])
            try #require(streams.count == 2)
            for stream in streams {
                #expect(!((stream["content"] as? String) ?? "").isEmpty)
                #expect(stream["model_hashes"] as? [String] == [node.client.verification?.modelHash ?? ""])
            }
            #expect((streams[0]["usage"] as? [Any])?.isEmpty == true)
            let streamedUsage = try #require((streams[1]["usage"] as? [[String: Any]])?.first)
            #expect((streamedUsage["completion_tokens"] as? Int).map { $0 > 0 && $0 <= 4 } == true)

            // The store kept up: four requests, every voucher settled, at the node's own figure.
            let after = try store.load(contract: stored.contractID, channel: stored.channel)
            #expect(after.totals.nonce == 4 && after.totals.settledNonce == 4)
            #expect(after.totals.promptTokens > prompt && after.totals.completionTokens > completion)
            #expect(after.spent > spentBefore)
            let account = try await node.client.channelAccount(stored.channel)
            #expect(account.spent == after.spent && account.lastNonce == 4)
            // The last request was the second stream: its usage chunk reported the channel's spent.
            #expect(streamedUsage["spent"] as? String == "\(account.spent)")
            let mode = try FileManager.default.attributesOfItem(atPath: store.path(contract: stored.contractID, channel: stored.channel))[.posixPermissions] as? Int
            #expect(mode == 0o600)

            let expensive = try #require(json["expensive"] as? [String: Any])
            #expect(expensive["status"] as? Int == 402)
            #expect(expensive["code"] as? String == "insufficient_deposit")
        }
    }

    /// Alice's opening as `dcml channel open` does it: her NEAR key file, the voucher key derived
    /// from it for the node's challenge, the market's proof of the lock, the channel stored.
    private func openStoredChannel(_ node: PaidNode, store: ChannelStore, home: String) async throws -> StoredChannel {
        let nearKey = SecretKey.generate()
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let keyFile = home + "/alice.json"
        try JSONEncoder().encode(KeyFile(accountId: "alice.test", secretKey: nearKey)).write(to: URL(fileURLWithPath: keyFile))
        let offer = try await PaidSession.offer(from: node.client)
        let voucherKey = try VoucherKey.derive(from: nearKey, domain: try offer.domain(), challenge: offer.challenge)
        let market = MarketChannel(channel: 11, challenge: offer.challenge.description, payerKey: voucherKey.publicKey, signingKey: node.state.signingKey)
        let (proof, head) = node.state.chain.prove(market.outcome("provider_deposit_locked"))
        let session = try await PaidSession.establish(with: node.client, outcomeProof: proof.nearJSON, lightClientHead: head.nearJSON, payerKey: voucherKey)
        let stored = StoredChannel(
            nodeURL: node.client.nodeURL, composeHash: try #require(node.client.verification?.composeHash), payerAccount: "alice.test",
            keyFile: keyFile, facts: session.facts)
        try store.save(stored)
        return stored
    }

    /// Blocking work (the Python child) on its own thread, off the cooperative pool the node needs.
    private func runBlocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
