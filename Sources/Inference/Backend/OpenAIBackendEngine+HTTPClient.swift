import AsyncHTTPClient
import NIOCore

extension OpenAIBackendEngine {
    /// The HTTP client backend engines use unless given another. Unlike `HTTPClient.shared` it
    /// does not retry failed connection attempts (a backend that is down is reported at once,
    /// as 502, instead of after the pool's retries run out), and it allows many connections per
    /// host: every streamed completion holds one for its whole length, and the backend batches
    /// concurrent requests only if they actually reach it concurrently.
    public static let defaultClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 512
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
