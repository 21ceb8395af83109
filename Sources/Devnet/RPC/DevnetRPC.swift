#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

/// NEAR's JSON-RPC methods over a `Chain`: method names, params (array and object forms where
/// NEAR accepts both) and result shapes as nearcore gives them.
public struct DevnetRPC: Sendable {
    public let chain: Chain
    public var version = "dcml-devnet"
    /// How long `broadcast_tx_commit` and `tx` with waiting may block.
    public var commitTimeout: Duration = .seconds(10)

    public init(chain: Chain) { self.chain = chain }

    public static let methods: Set<String> = [
        "status", "block", "gas_price", "query", "broadcast_tx_commit", "broadcast_tx_async", "send_tx", "tx",
        "EXPERIMENTAL_tx_status", "EXPERIMENTAL_light_client_proof", "light_client_proof", "next_light_client_block",
        "validators", "sandbox_fast_forward",
    ]

    /// Handles one request body and returns the response body and HTTP status.
    public func respond(to body: [UInt8]) async -> (status: Int, body: [UInt8]) {
        var id: JSONValue = .null
        let envelope: RPCEnvelope
        var status = 200
        do throws(RPCError) {
            let request: JSONValue
            do { request = try JSONDecoder().decode(JSONValue.self, from: Data(body)) } catch {
                throw .parse("request body is not JSON: \(error)")
            }
            id = request["id"] ?? .null
            guard let method = request["method"]?.string else { throw .parse("request has no \"method\" string") }
            let result = try await call(method, params: request["params"] ?? .null)
            envelope = RPCEnvelope(id: id, result: result, error: nil)
        } catch {
            status = error.httpStatus
            envelope = RPCEnvelope(id: id, result: nil, error: error.json)
        }
        let data = (try? JSONEncoder().encode(envelope)) ?? Data(#"{"jsonrpc":"2.0","id":null,"error":{"name":"INTERNAL_ERROR"}}"#.utf8)
        return (status, Array(data))
    }

    public func call(_ method: String, params: JSONValue) async throws(RPCError) -> RPCResult {
        switch method {
        case "status": return .json(await status())
        case "block": return try await block(params)
        case "gas_price": return try await gasPrice(params)
        case "query": return try await query(params)
        case "broadcast_tx_async": return .json(.hash(try await submit(params)))
        case "broadcast_tx_commit": return try await commit(params, withReceipts: false)
        case "send_tx": return try await sendTx(params)
        case "tx": return try await txStatus(params, withReceipts: false)
        case "EXPERIMENTAL_tx_status": return try await txStatus(params, withReceipts: true)
        case "EXPERIMENTAL_light_client_proof", "light_client_proof": return try await lightClientProof(params)
        case "next_light_client_block": return try await nextLightClientBlock(params)
        case "validators": return .json(await validators())
        case "sandbox_fast_forward": return try await fastForward(params)
        default: throw .methodNotFound(method)
        }
    }

    // MARK: Node and blocks

    public func status() async -> JSONValue {
        let head = await chain.head
        let genesisHash = await chain.genesisHash
        let stateRoot = await chain.stateRoot(after: head.height)
        return .object([
            "chain_id": .string(chain.genesis.chainId),
            "version": .object(["version": .string(version), "build": .string("devnet"), "rustc_version": .string("")]),
            "protocol_version": .unsigned(73), "latest_protocol_version": .unsigned(73),
            "rpc_addr": .null, "node_public_key": .string(chain.blockProducers[0].publicKey.description),
            "node_key": .null, "validator_account_id": .null, "validator_public_key": .null,
            "genesis_hash": .hash(genesisHash),
            "validators": .array(chain.blockProducers.map { .object(["account_id": .string($0.accountId), "is_slashed": .bool(false)]) }),
            "sync_info": .object([
                "latest_block_hash": .hash(head.hash), "latest_block_height": .unsigned(head.height),
                "latest_state_root": .hash(stateRoot), "latest_block_time": .string(Self.rfc3339(head.innerLite.timestamp)),
                "syncing": .bool(false), "earliest_block_hash": .hash(genesisHash), "earliest_block_height": .unsigned(0),
                "earliest_block_time": .string(Self.rfc3339(chain.genesis.genesisTime)),
                "epoch_id": .hash(head.innerLite.epochId), "epoch_start_height": .unsigned(chain.schedule.epochIndex(ofHeight: head.height) * chain.schedule.length + 1),
            ]),
            "uptime_sec": .unsigned(0),
        ])
    }

    func block(_ params: JSONValue) async throws(RPCError) -> RPCResult {
        let reference: BlockReference
        if let first = params[0] { reference = try .parse(id: first) } else { reference = try .parse(object: params) }
        let header = try await reference.resolve(on: chain)
        let body: BlockBody
        do { body = try await chain.body(height: header.height)?.body ?? BlockBody() } catch { throw .internalError("\(error)") }
        let producerIndex = chain.genesis.validators.firstIndex { $0.accountId == header.innerRest.producer } ?? 0
        let signature = try? chain.genesis.validators[producerIndex].signingKey().sign(header.hash.bytes)
        let supply = await chain.state.totalBalance
        return .json(BlockView.json(header, body: body, signature: signature, totalSupply: supply))
    }

    func gasPrice(_ params: JSONValue) async throws(RPCError) -> RPCResult {
        let id = params[0] ?? params["block_id"] ?? .null
        let header = try await (id.isNull ? BlockReference.finality("optimistic") : .parse(id: id)).resolve(on: chain)
        return .json(.object(["gas_price": .u128(header.innerRest.gasPrice)]))
    }

    func validators() async -> JSONValue {
        .object([
            "current_validators": .array(chain.blockProducers.map {
                .object(["account_id": .string($0.accountId), "public_key": .string($0.publicKey.description),
                         "stake": .u128($0.stake), "is_slashed": .bool(false), "shards": .array([.unsigned(0)])])
            }),
            "next_validators": .array([]), "current_fishermen": .array([]), "next_fishermen": .array([]),
            "current_proposals": .array([]), "prev_epoch_kickout": .array([]),
            "epoch_start_height": .unsigned(chain.schedule.epochIndex(ofHeight: await chain.head.height) * chain.schedule.length + 1),
            "epoch_height": .unsigned(chain.schedule.epochIndex(ofHeight: await chain.head.height) + 1),
        ])
    }

    func fastForward(_ params: JSONValue) async throws(RPCError) -> RPCResult {
        guard let delta = params["delta_height"]?.uint64 ?? params[0]?.uint64, delta <= 10_000 else {
            throw .invalidParams("sandbox_fast_forward needs {\"delta_height\": n} with n at most 10000")
        }
        do { try await chain.produceBlocks(Int(delta)) } catch { throw .internalError("\(error)") }
        return .json(.null)
    }

    static func rfc3339(_ nanoseconds: UInt64) -> String {
        let date = Date(timeIntervalSince1970: Double(nanoseconds / 1_000) / 1_000_000)
        return date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
