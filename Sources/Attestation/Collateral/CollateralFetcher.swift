/// One HTTP GET, as `PCSCollateralSource` needs it. The Attestation target stays free of an HTTP
/// stack (it is part of every verifier, inside the TEE too); `DCMLClient` supplies one over
/// AsyncHTTPClient, tests supply their own.
public protocol CollateralFetcher: Sendable {
    func get(_ url: String) async throws -> CollateralHTTPResponse
}

/// What a PCS or PCCS answered: the status, the headers (names lowercased) and the body.
public struct CollateralHTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }
}
