import AsyncHTTPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import NearLightClient

/// Typed NEAR JSON-RPC over HTTP(S), for the devnet and for NEAR itself
/// (`https://rpc.testnet.near.org`, `https://rpc.mainnet.near.org`, any provider).
///
/// A value holding only the endpoint: every method is one POST with NEAR's method name and
/// params, decoded into a view type with amounts as `UInt128` parsed from decimal strings. What
/// the node answers is trusted as far as the node is; `NearProver` checks outcomes against a
/// light-client head instead.
///
/// ```swift
/// let rpc = try NearRPCClient(url: "https://rpc.testnet.near.org")
/// let account = try await rpc.viewAccount("example.testnet")
/// ```
public struct NearRPCClient: Sendable {
    public let url: String
    /// Per request; `broadcast_tx_commit` on NEAR can take ~10 s before it answers.
    public var timeout: Duration
    /// Largest response accepted (`view_state` and contract code can be large).
    public var maxResponseBytes = 32 << 20

    public init(url: String, timeout: Duration = .seconds(30)) throws(NearRPCClientError) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
              let host = parsed.host, !host.isEmpty
        else { throw .badURL(url) }
        self.url = url
        self.timeout = timeout
    }

    // MARK: Node and blocks

    public func status() async throws -> NodeStatus {
        try await call("status", .array([]))
    }

    public func block(_ reference: NearBlockReference = .final) async throws -> BlockView {
        try await call("block", .object(reference.params))
    }

    /// yoctoNEAR per gas unit at the latest block (or at `reference`, a height or hash).
    public func gasPrice(at reference: NearBlockReference? = nil) async throws -> UInt128 {
        struct GasPrice: Decodable {
            let gasPrice: UInt128
            enum CodingKeys: String, CodingKey { case gasPrice = "gas_price" }
            init(from decoder: Decoder) throws { gasPrice = try decoder.container(keyedBy: CodingKeys.self).nearU128(.gasPrice) }
        }
        let id: JSONValue
        switch reference {
        case .height(let height)?: id = .unsigned(height)
        case .hash(let hash)?: id = .string(hash.base58)
        case .final?, .optimistic?, nil: id = .null
        }
        let result: GasPrice = try await call("gas_price", .array([id]))
        return result.gasPrice
    }

    /// The current epoch's validators with their stakes (`validators`), as the devnet and
    /// nearcore list them.
    public func currentValidators() async throws -> [ValidatorStake] {
        struct Validators: Decodable {
            let current: [ValidatorStake]
            enum CodingKeys: String, CodingKey { case current = "current_validators" }
        }
        let result: Validators = try await call("validators", .array([.null]))
        return result.current
    }

    // MARK: Queries

    public func viewAccount(_ accountId: String, at block: NearBlockReference = .final) async throws -> AccountView {
        try await query("view_account", accountId, block)
    }

    public func viewAccessKey(_ accountId: String, publicKey: PublicKey, at block: NearBlockReference = .final) async throws -> AccessKeyView {
        try await query("view_access_key", accountId, block, ["public_key": .string(publicKey.description)])
    }

    public func viewAccessKeyList(_ accountId: String, at block: NearBlockReference = .final) async throws -> [AccessKeyInfo] {
        struct List: Decodable { let keys: [AccessKeyInfo] }
        let list: List = try await query("view_access_key_list", accountId, block)
        return list.keys
    }

    /// Runs a view method read-only; `args` are the raw argument bytes (usually JSON).
    public func callFunction(
        _ accountId: String, method: String, args: [UInt8] = [], at block: NearBlockReference = .final
    ) async throws -> FunctionCallResult {
        let answer: FunctionCallAnswer = try await query("call_function", accountId, block, [
            "method_name": .string(method), "args_base64": .string(Data(args).base64EncodedString()),
        ])
        switch answer {
        case .value(let result): return result
        case .failed(let message): throw NearRPCClientError.contractExecution(method: "query call_function \(accountId).\(method)", message: message)
        }
    }

    /// The contract's storage entries whose keys start with `prefix`.
    public func viewState(_ accountId: String, prefix: [UInt8] = [], at block: NearBlockReference = .final) async throws -> ContractStateView {
        try await query("view_state", accountId, block, ["prefix_base64": .string(Data(prefix).base64EncodedString())])
    }

    // MARK: Transactions

    /// Sends and waits until the transaction and its receipts have run.
    public func broadcastTxCommit(_ signed: SignedTransaction) async throws -> FinalExecutionOutcome {
        try await call("broadcast_tx_commit", .array([.string(signed.base64)]))
    }

    /// Sends without waiting; returns the transaction hash the node computed.
    public func broadcastTxAsync(_ signed: SignedTransaction) async throws -> CryptoHash {
        try await call("broadcast_tx_async", .array([.string(signed.base64)]))
    }

    public func txStatus(_ hash: CryptoHash, sender: String, wait: TxWait = .final) async throws -> FinalExecutionOutcome {
        try await call("tx", .object([
            "tx_hash": .string(hash.base58), "sender_account_id": .string(sender), "wait_until": .string(wait.rawValue),
        ]))
    }

    // MARK: Light client

    /// NEAR's `light_client_proof` for an outcome, against the light-client head `head` (the
    /// outcome's block must be before it). Unverified: check it with `verify(blockMerkleRoot:)`.
    public func lightClientProof(_ outcome: OutcomeID, head: CryptoHash) async throws -> LightClientExecutionProof {
        var params = outcome.params
        params["light_client_head"] = .string(head.base58)
        return try await call("EXPERIMENTAL_light_client_proof", .object(params))
    }

    /// The next light-client block after `lastBlockHash`, or nil when nothing newer is final.
    /// Unverified: check it with `LightClientState.advance(to:)`.
    public func nextLightClientBlock(after lastBlockHash: CryptoHash) async throws -> LightClientBlock? {
        try await callAllowingNull("next_light_client_block", .object(["last_block_hash": .string(lastBlockHash.base58)]))
    }

    // MARK: Transport

    func query<T: Decodable>(
        _ type: String, _ accountId: String, _ block: NearBlockReference, _ extra: [String: JSONValue] = [:]
    ) async throws -> T {
        var params = block.params.merging(extra) { $1 }
        params["request_type"] = .string(type)
        params["account_id"] = .string(accountId)
        return try await call("query", .object(params), label: "query \(type)")
    }

    func call<T: Decodable>(_ method: String, _ params: JSONValue, label: String? = nil) async throws -> T {
        guard let result: T = try await callAllowingNull(method, params, label: label) else {
            throw NearRPCClientError.malformed(method: label ?? method, reason: "the answer has no result and no error")
        }
        return result
    }

    /// One round trip. NEAR answers errors with HTTP 200, 400, 408 or 500 and an envelope, so
    /// the body is read as an envelope whatever the status.
    func callAllowingNull<T: Decodable>(_ method: String, _ params: JSONValue, label: String? = nil) async throws -> T? {
        let name = label ?? method
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(RPCRequest(method: method, params: params))))
        let status: Int
        let body: ByteBuffer
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            status = Int(response.status.code)
            body = try await response.body.collect(upTo: maxResponseBytes)
        } catch {
            throw NearRPCClientError.transport(method: name, reason: "\(error)")
        }
        let bytes = Data(body.readableBytesView)
        let envelope: RPCResponse<T>
        do {
            envelope = try JSONDecoder().decode(RPCResponse<T>.self, from: bytes)
        } catch let error as DecodingError {
            guard (200..<300).contains(status) else {
                throw NearRPCClientError.http(method: name, status: status, body: String(decoding: bytes, as: UTF8.self))
            }
            throw NearRPCClientError.malformed(method: name, reason: NearRPCClient.describe(error))
        }
        if let error = envelope.error { throw error.clientError(method: name) }
        return envelope.result
    }

    /// A short path-and-reason text for a decoding error.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field '\(key.stringValue)' at '\(path(context.codingPath))'"
        case .typeMismatch(let type, let context): return "at '\(path(context.codingPath))': expected \(type)"
        case .valueNotFound(let type, let context): return "at '\(path(context.codingPath))': expected \(type), found null"
        case .dataCorrupted(let context): return "at '\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

private extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
