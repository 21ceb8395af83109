import NIOCore

extension OpenAIBackendEngine {
    public struct Configuration: Sendable {
        /// Scheme, host and port of the backend, without the `/v1` suffix
        /// (`http://127.0.0.1:8080`); a trailing slash is removed.
        public var baseURL: String
        /// The model id the node reports; nil: the backend's own id.
        public var modelID: String?
        /// Overrides the context length the backend reports.
        public var contextLength: Int?
        /// Sent as `Authorization: Bearer` to backends that want one.
        public var apiKey: String?
        /// How long one whole generation may take upstream; nil: no limit (cancellation when
        /// the client leaves still applies).
        public var requestTimeout: TimeAmount?

        public init(
            baseURL: String,
            modelID: String? = nil,
            contextLength: Int? = nil,
            apiKey: String? = nil,
            requestTimeout: TimeAmount? = nil
        ) {
            var base = baseURL
            while base.hasSuffix("/") { base.removeLast() }
            if base.hasSuffix("/v1") { base.removeLast(3) }
            self.baseURL = base
            self.modelID = modelID
            self.contextLength = contextLength
            self.apiKey = apiKey
            self.requestTimeout = requestTimeout
        }

        func deadline() -> NIODeadline {
            requestTimeout.map { .now() + $0 } ?? .distantFuture
        }
    }
}
