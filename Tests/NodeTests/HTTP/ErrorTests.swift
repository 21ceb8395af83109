import Hummingbird
import HummingbirdTesting
import Inference
import Testing

/// Every refusal in OpenAI's error shape with the right status, naming the field at fault.
@Suite struct ErrorTests {
    struct Expected: Sendable, CustomStringConvertible {
        var body: String
        var status: HTTPResponse.Status
        var param: String?
        var code: String?
        var message: String
        var description: String { body }
    }

    static let badRequests: [Expected] = [
        .init(body: #"{"model":"#, status: .badRequest, message: "malformed JSON"),
        .init(body: "", status: .badRequest, message: "the request body is empty"),
        .init(body: "[1,2]", status: .badRequest, message: "must be a JSON object"),
        .init(body: #"{"model":"scripted-model"}"#, status: .badRequest, param: "messages", message: "missing required field `messages`"),
        .init(body: #"{"messages":[{"role":"user","content":"Hi"}]}"#, status: .badRequest, param: "model", message: "missing required field `model`"),
        .init(body: #"{"model":7,"messages":[]}"#, status: .badRequest, param: "model", message: "expected a string"),
        .init(body: #"{"model":"scripted-model","messages":"Hi"}"#, status: .badRequest, param: "messages", message: "expected an array"),
        .init(body: #"{"model":"scripted-model","messages":[]}"#, status: .badRequest, param: "messages", message: "at least one message"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":5}]}"#, status: .badRequest, param: "messages[0].content", message: "expected a string or an array of text parts"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"robot","content":"x"}]}"#, status: .badRequest, param: "messages[0].role", message: "expected one of"),
        .init(body: #"{"model":"scripted-model","messages":[{"content":"x"}]}"#, status: .badRequest, param: "messages[0].role", message: "missing required field"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":[{"type":"image_url"}]}]}"#, status: .badRequest, param: "messages[0].content", message: "text parts only"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"max_tokens":"ten"}"#, status: .badRequest, param: "max_tokens", message: "expected an integer"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"max_tokens":1.5}"#, status: .badRequest, param: "max_tokens", message: "invalid value"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"max_tokens":0}"#, status: .badRequest, param: "max_tokens", message: "expected at least 1"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"max_tokens":129}"#, status: .badRequest, param: "max_tokens", code: "context_length_exceeded", message: "maximum context length is 128"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"max_completion_tokens":1000}"#, status: .badRequest, param: "max_completion_tokens", code: "context_length_exceeded", message: "maximum context length"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"temperature":3}"#, status: .badRequest, param: "temperature", message: "from 0 to 2"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"temperature":"hot"}"#, status: .badRequest, param: "temperature", message: "expected a number"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"top_p":1.5}"#, status: .badRequest, param: "top_p", message: "from 0 to 1"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"n":2}"#, status: .badRequest, param: "n", message: "n = 1"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"stop":7}"#, status: .badRequest, param: "stop", message: "a string or an array of strings"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"stop":["a","b","c","d","e"]}"#, status: .badRequest, param: "stop", message: "at most 4"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"stream":"yes"}"#, status: .badRequest, param: "stream", message: "expected a boolean"),
        .init(body: #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"seed":1e30}"#, status: .badRequest, param: "seed", message: "invalid value"),
        .init(body: #"{"model":"other","messages":[{"role":"user","content":"x"}]}"#, status: .notFound, param: "model", code: "model_not_found", message: "does not exist"),
    ]

    @Test(arguments: badRequests)
    func chatRefusal(_ expected: Expected) async throws {
        try await check(expected, at: "/v1/chat/completions")
    }

    static let badTextRequests: [Expected] = [
        .init(body: #"{"model":"scripted-model"}"#, status: .badRequest, param: "prompt", message: "missing required field `prompt`"),
        .init(body: #"{"model":"scripted-model","prompt":[1,-2,3]}"#, status: .badRequest, param: "prompt", message: "non-negative integers"),
        .init(body: #"{"model":"scripted-model","prompt":{"text":"x"}}"#, status: .badRequest, param: "prompt", message: "expected a string"),
        .init(body: #"{"model":"scripted-model","prompt":["a","b"]}"#, status: .badRequest, param: "prompt", message: "exactly one prompt"),
        .init(body: #"{"model":"scripted-model","prompt":"x","max_tokens":-3}"#, status: .badRequest, param: "max_tokens", message: "expected at least 1"),
        .init(body: #"{"model":"nope","prompt":"x"}"#, status: .notFound, param: "model", code: "model_not_found", message: "serves `scripted-model`"),
    ]

    @Test(arguments: badTextRequests)
    func textRefusal(_ expected: Expected) async throws {
        try await check(expected, at: "/v1/completions")
    }

    static let engineRefusals: [(InferenceError, HTTPResponse.Status, String, String)] = [
        (.contextExceeded(promptTokens: 120, maxTokens: 16, contextLength: 128), .badRequest, "invalid_request_error", "context_length_exceeded"),
        (.queueFull(capacity: 64), .tooManyRequests, "rate_limit_error", "queue_full"),
        (.shuttingDown, .serviceUnavailable, "server_error", "shutting_down"),
        (.backend(status: 502, message: "connection refused"), .badGateway, "server_error", "backend_error"),
    ]

    @Test(arguments: engineRefusals)
    func engineRefusalKeepsItsStatus(_ refusal: (InferenceError, HTTPResponse.Status, String, String)) async throws {
        let (error, status, type, code) = refusal
        let engine = ScriptedEngine(.refuse(error))
        for stream in [false, true] {
            try await withNode(engine) { client in
                let response = try await client.post("/v1/chat/completions", #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"stream":\#(stream)}"#)
                #expect(response.status == status)
                let json = try JSON(response.body)["error"]
                #expect(json["type"].string == type)
                #expect(json["code"].string == code)
                #expect(json["message"].string == error.description)
            }
        }
    }

    @Test func invalidParameterFromTheEngineNamesTheField() async throws {
        let engine = ScriptedEngine(.refuse(.invalidParameter(name: "top_k", reason: "must be at most 100")))
        try await withNode(engine) { client in
            let response = try await client.post("/v1/completions", #"{"model":"scripted-model","prompt":"x","top_k":1000}"#)
            #expect(response.status == .badRequest)
            #expect(try JSON(response.body)["error"]["param"].string == "top_k")
        }
    }

    @Test func unknownRouteIsAnOpenAINotFound() async throws {
        try await withNode(ScriptedEngine(.events([]))) { client in
            for response in [try await client.get("/v1/nothing"), try await client.post("/v2/chat/completions", "{}")] {
                #expect(response.status == .notFound)
                let error = try JSON(response.body)["error"]
                #expect(error["type"].string == "invalid_request_error")
                #expect(error["message"].string?.hasPrefix("no route for") == true)
                #expect(error["param"].isNull && error["code"].isNull)
            }
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        let big = #"{"model":"scripted-model","prompt":""# + String(repeating: "a", count: 4096) + #""}"#
        try await withNode(ScriptedEngine(.events(ScriptedEngine.hello)), maxBodyBytes: 1024) { client in
            let response = try await client.post("/v1/completions", big)
            #expect(response.status == .contentTooLarge)
            let error = try JSON(response.body)["error"]
            #expect(error["code"].string == "request_too_large")
            #expect(error["message"].string?.contains("1024 bytes") == true)
        }
    }

    /// Inputs chosen to break parsers: none may produce a 500 or take the node down.
    @Test func hostileBodiesAreRefusedNotCrashed() async throws {
        let hostile = [
            String(repeating: "[", count: 10_000),
            #"{"model":"scripted-model","messages":[{"role":"user","content":"\ud800"}]}"#,
            #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"max_tokens":99999999999999999999999}"#,
            #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"temperature":1e400}"#,
            #"{"model":null,"messages":null}"#,
            "\u{0}\u{1}\u{2}",
            #"{"model":"scripted-model","messages":[{"role":"user","content":"x"}],"seed":-1,"stop":null,"n":null}"#,
        ]
        try await withNode(ScriptedEngine(.events(ScriptedEngine.hello))) { client in
            for body in hostile {
                let response = try await client.post("/v1/chat/completions", body)
                #expect(response.status.code < 500, "\(body.prefix(60)) gave \(response.status)")
                #expect(try JSON(response.body).exists)
            }
            // Still serving afterwards.
            #expect(try await client.get("/health").status == .ok)
        }
    }

    private func check(_ expected: Expected, at route: String) async throws {
        try await withNode(ScriptedEngine(.events(ScriptedEngine.hello))) { client in
            let response = try await client.post(route, expected.body)
            #expect(response.status == expected.status)
            #expect(response.headers[.contentType] == "application/json")
            let json = try JSON(response.body)
            #expect(json.keys == ["error"])
            let error = json["error"]
            #expect(error.keys == ["message", "type", "param", "code"])
            #expect(error["type"].string == "invalid_request_error")
            if let param = expected.param { #expect(error["param"].string == param) } else { #expect(error["param"].isNull) }
            if let code = expected.code { #expect(error["code"].string == code) }
            let message = error["message"].string ?? ""
            #expect(message.contains(expected.message), "message was: \(message)")
        }
    }
}
