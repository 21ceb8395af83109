import Hummingbird
import HummingbirdTesting
import Inference
import Node
import Testing

@Suite struct OperationalRoutesTests {
    @Test func modelsListsTheServedModel() async throws {
        try await withNode(ScriptedEngine(.events([]))) { client in
            let json = try JSON(try await client.get("/v1/models").body)
            #expect(json["object"].string == "list")
            #expect(json["data"].array?.count == 1)
            #expect(json["data"][0].keys == ["id", "object", "created", "owned_by", "max_model_len"])
            #expect(json["data"][0]["max_model_len"].int == 128)
            #expect(json["data"][0]["id"].string == "scripted-model")
            #expect(json["data"][0]["object"].string == "model")

            let one = try await client.get("/v1/models/scripted-model")
            #expect(one.status == .ok)
            #expect(try JSON(one.body)["id"].string == "scripted-model")
            let missing = try await client.get("/v1/models/gpt-4")
            #expect(missing.status == .notFound)
            #expect(try JSON(missing.body)["error"]["code"].string == "model_not_found")
        }
    }

    @Test func healthAnswersOK() async throws {
        try await withNode(ScriptedEngine(.events([]))) { client in
            let response = try await client.get("/health")
            #expect(response.status == .ok)
            #expect(try JSON(response.body)["status"].string == "ok")
        }
    }

    @Test func metricsCountRequestsTokensAndLatency() async throws {
        let metrics = NodeMetrics()
        try await withNode(ScriptedEngine(.events(ScriptedEngine.hello)), metrics: metrics) { client in
            _ = try await client.post("/v1/chat/completions", #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"stream":true}"#)
            _ = try await client.post("/v1/chat/completions", #"{"model":"nope","messages":[{"role":"user","content":"x"}]}"#)
            _ = try await client.get("/nowhere")
            let response = try await client.get("/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = String(buffer: response.body)
            #expect(text.contains(#"dcml_http_requests_total{route="/v1/chat/completions",status="200"} 1"#), "\(text)")
            #expect(text.contains(#"dcml_http_requests_total{route="/v1/chat/completions",status="404"} 1"#))
            #expect(text.contains(#"dcml_http_requests_total{route="NotFound",status="404"} 1"#))
            #expect(text.contains("dcml_prompt_tokens_total 3"))
            #expect(text.contains("dcml_completion_tokens_total 2"))
            #expect(text.contains("dcml_time_to_first_token_seconds_count 1"))
            #expect(text.contains("dcml_time_per_output_token_seconds_count 1"))
        }
    }
}
