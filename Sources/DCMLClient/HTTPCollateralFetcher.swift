import AsyncHTTPClient
import Foundation
import Attestation
import NIOCore

/// Fetches PCS / PCCS collateral over AsyncHTTPClient (HTTPS with the system's trust store; the
/// answers are verified by their own Intel signatures, so transport trust only guards freshness).
public struct HTTPCollateralFetcher: CollateralFetcher {
    let client: HTTPClient
    let timeout: TimeAmount
    /// Collateral bodies are tens of kilobytes; a cap keeps a hostile server from filling memory.
    static let maxBody = 4 << 20

    public init(client: HTTPClient = .shared, timeout: TimeAmount = .seconds(20)) {
        self.client = client
        self.timeout = timeout
    }

    public func get(_ url: String) async throws -> CollateralHTTPResponse {
        let request = HTTPClientRequest(url: url)
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: Self.maxBody)
        var headers: [String: String] = [:]
        for (name, value) in response.headers { headers[name.lowercased()] = value }
        return CollateralHTTPResponse(status: Int(response.status.code), headers: headers, body: Array(buffer: body))
    }
}

extension PCSCollateralSource {
    /// A source over HTTP, e.g. `PCSCollateralSource.http(PCSCollateralSource.intelPCS)` or a
    /// PCCS at `https://localhost:8081`.
    public static func http(_ baseURL: String, cacheDirectory: URL? = nil) -> PCSCollateralSource {
        PCSCollateralSource(baseURL: baseURL, fetcher: HTTPCollateralFetcher(), cacheDirectory: cacheDirectory)
    }
}
