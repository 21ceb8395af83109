#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient
import Payments

/// The `model_market` contract over NEAR JSON-RPC, exactly as Contracts/payment_channel/README.md
/// specifies it: the views, the calls each party signs (Charlie registers the model, Bob his node
/// and his deposit, Alice her channel), and the light-client proofs a node takes of what the calls
/// did.
///
/// ```swift
/// let market = try MarketClient(rpc: rpc, contractID: offer.contractID)
/// let channel = try await market.openChannel(depositing: d, model: offer.modelID, provider: "bob.near",
///                                            challenge: offer.challenge, payerKey: key.publicKey, as: &alice).value
/// let locked = try await market.lockProviderDeposit(channel: channel, deposit: d, as: &bob)
/// let proof = try await market.proveReceipt(locked.receiptID, from: try await node.lightClientHead().hash)
/// _ = try await node.establishChannel(proof)
/// ```
///
/// A value holding the endpoint and the contract's account; calls take the signer of whoever
/// makes them (`inout`: it counts nonces). A call the contract refuses throws
/// ``MarketError/panicked(method:message:)`` with the contract's text; the call reverted and its
/// deposit came back, its gas is spent.
public struct MarketClient: Sendable {
    public let rpc: NearRPCClient
    public let contractID: String
    /// Gas attached to every call: NEAR's per-transaction maximum; what is not burnt is refunded.
    public var gas: UInt64 = 300_000_000_000_000
    /// The block views read: the latest (as near-api-js reads views), so a view right after a
    /// call sees it; `.final` for what can no longer change.
    public var viewsAt: NearBlockReference = .optimistic
    /// Attached to registrations: the contract keeps the staking for the bytes they add and
    /// refunds the rest; too little and the call panics with the amount it needs.
    public var storageDeposit: UInt128 = YoctoNear.perNear / 10

    public init(rpc: NearRPCClient, contractID: String) throws(NearEncodingError) {
        try AccountId.validate(contractID)
        self.rpc = rpc
        self.contractID = contractID
    }

    // MARK: views

    public func config() async throws -> MarketConfig {
        try Self.decoded("get_config", try await view("get_config", [:]))
    }

    public func model(_ id: String) async throws -> MarketModel? {
        try Self.decoded("get_model", try await view("get_model", ["model_id": .string(id)]))
    }

    public func provider(_ account: String, model: String) async throws -> MarketProvider? {
        try Self.decoded("get_provider", try await view("get_provider", ["model_id": .string(model), "provider": .string(account)]))
    }

    public func channel(_ id: UInt64) async throws -> MarketChannelLookup {
        struct Tombstone: Decodable { let state: String }
        let bytes = try await view("get_channel", ["channel_id": .unsigned(id)])
        if bytes == Array("null".utf8) { return .unknown }
        if let tombstone: Tombstone = try? Self.decode(bytes), tombstone.state == "closed" { return .closed(channelID: id) }
        do { return .open(try Self.decode(bytes)) } catch { throw MarketError.malformed(method: "get_channel", reason: "\(error)") }
    }

    // MARK: setup

    /// `new`: initializes a freshly deployed market, signed by the contract account itself: the
    /// chain id every closure approval names, and T, the force-close challenge period. Returns
    /// the transaction's outcome (the call returns nothing).
    public func initialize(chainID: String, challengePeriodSeconds: UInt64, as signer: inout NearSigner) async throws -> FinalExecutionOutcome {
        let args = Self.json(["chain_id": .string(chainID), "challenge_period_seconds": .unsigned(challengePeriodSeconds)])
        return try await send("new", args, deposit: 0, as: &signer).outcome
    }

    // MARK: registrations (payable: the contract keeps the storage staking and refunds the rest)

    /// Registers a model with its owner = the signer; the registration's beneficiary (default:
    /// the owner) is paid the model's share of every channel.
    public func registerModel(_ registration: MarketModelRegistration, as signer: inout NearSigner) async throws -> MarketReceipt<MarketModel> {
        var args: [String: JSONValue] = [
            "model_id": .string(registration.modelID), "model_pk": .string(registration.modelPublicKey),
            "model_hash": .string(registration.modelHash),
            "price_prompt_per_1k": .string(String(registration.pricePromptPer1k)),
            "price_completion_per_1k": .string(String(registration.priceCompletionPer1k)),
        ]
        if let composeHash = registration.composeHash { args["compose_hash"] = .string(composeHash) }
        if let beneficiary = registration.beneficiary { args["beneficiary"] = .string(beneficiary) }
        return try Self.receipt("register_model", try await send("register_model", Self.json(args), deposit: storageDeposit, as: &signer))
    }

    /// Registers (or replaces) the signer as a provider of `model` with its node's attested
    /// signing key (hex) and its fee.
    public func registerProvider(model: String, signingPublicKey: String, feePer1k: UInt128, as signer: inout NearSigner) async throws -> MarketReceipt<MarketProvider> {
        let args = Self.json([
            "model_id": .string(model), "signing_public_key": .string(signingPublicKey), "fee_per_1k": .string(String(feePer1k)),
        ])
        return try Self.receipt("register_provider", try await send("register_provider", args, deposit: storageDeposit, as: &signer))
    }

    // MARK: the channel's life

    /// Alice opens a channel with a node's challenge, depositing D; returns the channel id.
    /// (The amount comes first: Swift 6.3 corrupts a `UInt128` passed to an async function after
    /// enough other arguments to spill it to the stack; see MarketModelRegistration.)
    public func openChannel(
        depositing deposit: UInt128, model: String, provider: String, challenge: Challenge, payerKey: PublicKey, as signer: inout NearSigner
    ) async throws -> MarketReceipt<UInt64> {
        let args = Self.json([
            "model_id": .string(model), "provider": .string(provider), "challenge": .string(challenge.description),
            "payer_key": .string(Hex.encode(payerKey.bytes)),
        ])
        return try Self.receipt("open_channel", try await send("open_channel", args, deposit: deposit, as: &signer))
    }

    /// Bob locks the same D, activating the channel; prove this call's receipt to the node.
    public func lockProviderDeposit(channel: UInt64, deposit: UInt128, as signer: inout NearSigner) async throws -> MarketReceipt<MarketChannelView> {
        try Self.receipt("lock_provider_deposit", try await send("lock_provider_deposit", Self.channelArgument(channel), deposit: deposit, as: &signer))
    }

    /// Settles an active (or force-closing) channel with the node's approval.
    public func closeCooperative(_ approval: ClosureApproval, as signer: inout NearSigner) async throws -> MarketReceipt<MarketChannelView> {
        try Self.receipt("close_cooperative", try await send("close_cooperative", Array(approval.contractArguments), deposit: 0, as: &signer))
    }

    /// Alice closes without the node: the challenge period starts (prove this call's receipt to
    /// the node for its answer).
    public func forceClose(channel: UInt64, as signer: inout NearSigner) async throws -> MarketReceipt<MarketChannelView> {
        try Self.receipt("force_close", try await send("force_close", Self.channelArgument(channel), deposit: 0, as: &signer))
    }

    /// The node's answer to a force close, submitted by anyone before the deadline.
    public func answerForceClose(_ approval: ClosureApproval, as signer: inout NearSigner) async throws -> MarketReceipt<MarketChannelView> {
        try Self.receipt("answer_force_close", try await send("answer_force_close", Array(approval.contractArguments), deposit: 0, as: &signer))
    }

    /// After the deadline, with no answer: the user gets D, the beneficiary the provider's D.
    public func finalizeForceClose(channel: UInt64, as signer: inout NearSigner) async throws -> MarketReceipt<MarketChannelView> {
        try Self.receipt("finalize_force_close", try await send("finalize_force_close", Self.channelArgument(channel), deposit: 0, as: &signer))
    }

    // MARK: proofs for the node

    /// A proof of a market receipt (``MarketReceipt/receiptID``) for a node whose light-client
    /// head is `head` (`POST /v1/payments/light_client_head`, or the offer's `light_client_head`).
    public func proveReceipt(_ receipt: CryptoHash, from head: CryptoHash, wait: Duration = .seconds(20)) async throws -> ChannelProof {
        try await ChannelProof.fetch(.receipt(id: receipt, receiverId: contractID), from: head, rpc: rpc, wait: wait)
    }

    // MARK: transport

    /// The bytes a view returned (decoded by the caller, synchronously: see `send`).
    private func view(_ method: String, _ args: [String: JSONValue]) async throws -> [UInt8] {
        do { return try await rpc.callFunction(contractID, method: method, args: Self.json(args), at: viewsAt).result } catch let error as NearRPCClientError {
            if let message = Self.panic(in: error.description) { throw MarketError.panicked(method: method, message: message) }
            throw error
        }
    }

    private static func decoded<T: Decodable>(_ method: String, _ bytes: [UInt8]) throws -> T {
        do { return try decode(bytes) } catch { throw MarketError.malformed(method: method, reason: "\(error)") }
    }

    // Every view and call goes through a non-generic async step and a synchronous generic decode:
    // a generic async function returning these UInt128-bearing values crashes Swift 6.3's async
    // runtime ("freed pointer was not the last allocation"; see MarketModelRegistration).

    /// Sends the call; returns the contract's return value and the receipt it ran in.
    private func send(_ method: String, _ args: [UInt8], deposit: UInt128, as signer: inout NearSigner) async throws -> (bytes: [UInt8], receipt: CryptoHash, outcome: FinalExecutionOutcome) {
        let outcome = try await signer.functionCall(contractID, method: method, args: args, gas: gas, deposit: deposit)
        switch outcome.status {
        case .successValue(let bytes):
            guard let receipt = outcome.receiptsOutcome.first(where: { $0.outcome.executorId == contractID }) else {
                throw MarketError.malformed(method: method, reason: "no receipt ran on \(contractID)")
            }
            return (bytes, receipt.id, outcome)
        case .failure(let error):
            let text = error.compactJSON
            if let message = Self.panic(in: text) { throw MarketError.panicked(method: method, message: message) }
            throw MarketError.failed(method: method, reason: text)
        case .notStarted, .started:
            throw MarketError.failed(method: method, reason: "the transaction has not finished: \(outcome.status.summary)")
        }
    }

    private static func receipt<T: Decodable & Sendable>(
        _ method: String, _ sent: (bytes: [UInt8], receipt: CryptoHash, outcome: FinalExecutionOutcome)
    ) throws -> MarketReceipt<T> {
        do { return MarketReceipt(value: try decode(sent.bytes), receiptID: sent.receipt, outcome: sent.outcome) } catch {
            throw MarketError.malformed(method: method, reason: "the result \(String(decoding: sent.bytes, as: UTF8.self).prefix(200)): \(error)")
        }
    }

    /// The contract's own text from NEAR's `Smart contract panicked: …` inside an error.
    private static func panic(in text: String) -> String? {
        guard let start = text.range(of: "Smart contract panicked: ") else { return nil }
        let rest = text[start.upperBound...]
        // In JSON the message ends at its closing quote.
        return String(rest.prefix { $0 != "\"" })
    }

    private static func channelArgument(_ channel: UInt64) -> [UInt8] { json(["channel_id": .unsigned(channel)]) }

    private static func json(_ args: [String: JSONValue]) -> [UInt8] {
        // A JSONValue object always encodes.
        Array(try! JSONEncoder().encode(JSONValue.object(args)))
    }

    /// Decodes any JSON value, top-level numbers and null included (wrapped in an array, which
    /// every JSONDecoder reads).
    static func decode<T: Decodable>(_ bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode([T].self, from: Data("[".utf8 + bytes + "]".utf8))[0]
    }
}
