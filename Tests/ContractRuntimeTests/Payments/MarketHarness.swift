import ContractTooling
import Foundation
import NearLightClient
import Testing
@testable import Devnet

/// The `model_market` contract (market + payment channels) built from `Contracts/` once per
/// test process.
enum MarketWasm {
    static let contractsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Contracts")

    static let built: Result<BuiltContract, ContractBuildError> = Result { () throws(ContractBuildError) in
        try ContractBuilder(contractsDirectory: contractsDirectory, toolchain: try ContractToolchain.locate()).build("model_market")
    }

    static func code() throws -> [UInt8] { try built.get().wasm }
}

/// One contract on a pretend chain, driven straight through `WasmContractRuntime`: the contract's
/// storage carried from call to call, its balance (deposits in, transfer promises out), what
/// every account was paid, and a clock. A failed call changes nothing (NEAR reverts it and
/// refunds the deposit).
final class MarketChain {
    static let defaultContract = "market.dcml.test"
    static let defaultChain = "dcml-devnet"
    static let start: UInt64 = 1_700_000_000_000_000_000

    let runtime: WasmContractRuntime
    let code: [UInt8]
    let contractId: String
    let chainId: String
    let challengePeriodSeconds: UInt64
    var storage: [[UInt8]: [UInt8]] = [:]
    /// NEAR's `storage_usage` of the contract account (what the runtime reports after each call).
    var storageUsage: UInt64 = 0
    /// The contract account's balance as far as channels go (no storage staking or gas).
    var balance: UInt128 = 0
    var depositsIn: UInt128 = 0
    var paidOut: [String: UInt128] = [:]
    var now: UInt64 = MarketChain.start
    var height: UInt64 = 1

    init(runtime: WasmContractRuntime = WasmContractRuntime(), contractId: String = MarketChain.defaultContract,
         chainId: String = MarketChain.defaultChain, challengePeriodSeconds: UInt64 = 60) throws {
        self.runtime = runtime
        code = try MarketWasm.code()
        self.contractId = contractId
        self.chainId = chainId
        self.challengePeriodSeconds = challengePeriodSeconds
        let outcome = call("new", #"{"chain_id":"\#(chainId)","challenge_period_seconds":\#(challengePeriodSeconds)}"#, from: contractId)
        guard case .success = outcome.result else { throw PaymentsFailure("new failed: \(outcome.result)") }
    }

    var totalPaid: UInt128 { paidOut.values.reduce(0, +) }
    /// The balance registrations left behind (their storage deposits), set by `clearLedger`.
    var baseline: UInt128 = 0
    /// What the contract holds for channels: its balance above the registrations' storage deposits.
    var channelBalance: UInt128 { balance - baseline }

    /// Starts the channel ledger here: what is in the contract now (storage deposits) is the
    /// baseline, and deposits and payouts count from zero.
    func clearLedger() {
        baseline = balance
        depositsIn = 0
        paidOut = [:]
    }

    @discardableResult
    func call(_ method: String, _ args: String = "{}", from: String, deposit: UInt128 = 0) -> WasmCallOutcome {
        height += 1
        let call = ContractCall(
            contractId: contractId, code: code, predecessorId: from, signerId: from, methodName: method, args: Array(args.utf8),
            gas: 300_000_000_000_000, deposit: deposit, isView: false, storage: ContractStorage(committed: storage),
            accountBalance: balance + deposit, storageUsage: storageUsage, blockHeight: height, blockTimestamp: now)
        let outcome = runtime.execute(call)
        if case .success = outcome.result {
            for (key, value) in outcome.storageWrites { storage[key] = value }
            storageUsage = outcome.storageUsage
            balance += deposit
            depositsIn += deposit
            for promise in outcome.promises {
                for case .transfer(let amount) in promise.actions {
                    balance -= amount
                    paidOut[promise.receiverId, default: 0] += amount
                }
            }
        }
        return outcome
    }

    func view(_ method: String, _ args: String = "{}") -> WasmCallOutcome {
        let call = ContractCall(
            contractId: contractId, code: code, predecessorId: "", signerId: "", methodName: method, args: Array(args.utf8),
            gas: 300_000_000_000_000, deposit: 0, isView: true, storage: ContractStorage(committed: storage),
            accountBalance: balance, storageUsage: storageUsage, blockHeight: height, blockTimestamp: now)
        return runtime.execute(call)
    }

    /// The contract's own ledger: `get_config().held`.
    func held() throws -> UInt128 {
        try amount(json(view("get_config"))["held"])
    }

    /// The exact closure text of Contracts/payment_channel/README.md, built independently of the contract.
    func closureText(channel: UInt64, challenge: [UInt8], spent: UInt128, modelShare: UInt128, nonce: UInt64,
                     contract: String? = nil, chain: String? = nil) -> [UInt8] {
        Array("dcml-channel-close-v1:\(chain ?? chainId):\(contract ?? contractId):\(channel):\(Hex.encode(challenge)):\(spent):\(modelShare):\(nonce)".utf8)
    }
}

/// The provider node's TEE signing key, deterministic per seed byte.
struct TEEKey {
    let key: SecretKey
    init(_ seed: UInt8) { key = try! SecretKey(seed: Array(repeating: seed, count: 32)) }
    var publicHex: String { Hex.encode(key.publicKey.bytes) }
    func sign(_ message: [UInt8]) -> String { Hex.encode(try! key.sign(message).bytes) }
}

func challengeBytes(_ n: UInt8) -> [UInt8] { (0..<32).map { UInt8($0) &* 7 &+ n } }

/// The returned value parsed as JSON (objects as `[String: Any]`).
func json(_ outcome: WasmCallOutcome) throws -> [String: Any] {
    guard case .success(.value(let bytes)) = outcome.result else { throw PaymentsFailure("expected a returned value, got \(outcome.result)") }
    guard let object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? [String: Any] else {
        throw PaymentsFailure("expected a JSON object, got \(String(decoding: bytes, as: UTF8.self))")
    }
    return object
}

func text(_ outcome: WasmCallOutcome) throws -> String {
    guard case .success(.value(let bytes)) = outcome.result else { throw PaymentsFailure("expected a returned value, got \(outcome.result)") }
    return String(decoding: bytes, as: UTF8.self)
}

func amount(_ value: Any?) throws -> UInt128 {
    guard let s = value as? String, let v = UInt128(s) else { throw PaymentsFailure("expected a decimal string amount, got \(String(describing: value))") }
    return v
}

/// The panic message of a failed call (nil when it succeeded or failed otherwise).
func panicMessage(_ outcome: WasmCallOutcome) -> String? {
    if case .failure(.guestPanic(let message)) = outcome.result { return message }
    return nil
}

/// Transfers a call made, in order, as (receiver, amount).
func transfers(_ outcome: WasmCallOutcome) -> [(String, UInt128)] {
    outcome.promises.flatMap { p in
        p.actions.compactMap { action -> (String, UInt128)? in
            if case .transfer(let a) = action { return (p.receiverId, a) }
            return nil
        }
    }
}

/// Charlie's model and Bob's registration, ready for channels.
struct MarketFixture {
    static let charlie = "charlie.test"
    static let charlieTreasury = "treasury.charlie.test"
    static let bob = "bob.test"
    static let alice = "alice.test"
    static let model = "charlie/llama-3.1-8b"
    static let modelPk = String(repeating: "ab", count: 32)
    static let modelHash = String(repeating: "cd", count: 32)
    /// Attached to registrations: covers their storage; the excess comes back.
    static let storageDeposit: UInt128 = 1_000_000_000_000_000_000_000_000
    static let minimumDeposit: UInt128 = 10_000_000_000_000_000_000_000

    let chain: MarketChain
    let tee: TEEKey

    init(chain: MarketChain, tee: TEEKey = TEEKey(1), pricePrompt: UInt128 = 1_000, priceCompletion: UInt128 = 3_000, fee: UInt128 = 500) throws {
        self.chain = chain
        self.tee = tee
        let registered = chain.call("register_model", """
            {"model_id":"\(Self.model)","model_pk":"\(Self.modelPk)","model_hash":"\(Self.modelHash)","compose_hash":null,\
            "price_prompt_per_1k":"\(pricePrompt)","price_completion_per_1k":"\(priceCompletion)","beneficiary":"\(Self.charlieTreasury)"}
            """, from: Self.charlie, deposit: Self.storageDeposit)
        guard case .success = registered.result else { throw PaymentsFailure("register_model failed: \(registered.result)") }
        let provider = chain.call("register_provider", #"{"model_id":"\#(Self.model)","signing_public_key":"\#(tee.publicHex)","fee_per_1k":"\#(fee)"}"#, from: Self.bob,
                                  deposit: Self.storageDeposit)
        guard case .success = provider.result else { throw PaymentsFailure("register_provider failed: \(provider.result)") }
        chain.clearLedger()
    }

    /// Opens a channel from Alice with deposit `d` and the given challenge; returns its id.
    func open(_ d: UInt128, challenge: [UInt8] = challengeBytes(1), from user: String = MarketFixture.alice) throws -> UInt64 {
        let outcome = chain.call("open_channel", #"{"model_id":"\#(Self.model)","provider":"\#(Self.bob)","challenge":"\#(Hex.encode(challenge))"}"#,
                                 from: user, deposit: d)
        guard let id = UInt64(try text(outcome)) else { throw PaymentsFailure("open_channel returned \(outcome.result)") }
        return id
    }

    func lock(_ id: UInt64, _ d: UInt128, from: String = MarketFixture.bob) -> WasmCallOutcome {
        chain.call("lock_provider_deposit", #"{"channel_id":\#(id)}"#, from: from, deposit: d)
    }

    /// A channel opened and locked with deposit `d`.
    func active(_ d: UInt128, challenge: [UInt8] = challengeBytes(1)) throws -> UInt64 {
        let id = try open(d, challenge: challenge)
        let locked = lock(id, d)
        guard case .success = locked.result else { throw PaymentsFailure("lock failed: \(locked.result)") }
        return id
    }

    /// The JSON arguments of a closure approval signed by `key` over `message` (default: the
    /// correct message for these values).
    func approval(_ id: UInt64, spent: UInt128, modelShare: UInt128, nonce: UInt64, challenge: [UInt8] = challengeBytes(1),
                  key: TEEKey? = nil, message: [UInt8]? = nil) -> String {
        let text = message ?? chain.closureText(channel: id, challenge: challenge, spent: spent, modelShare: modelShare, nonce: nonce)
        let signature = (key ?? tee).sign(text)
        return #"{"channel_id":\#(id),"spent":"\#(spent)","model_share":"\#(modelShare)","nonce":\#(nonce),"signature":"\#(signature)"}"#
    }

    func channel(_ id: UInt64) throws -> [String: Any] { try json(chain.view("get_channel", #"{"channel_id":\#(id)}"#)) }
}

struct PaymentsFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
