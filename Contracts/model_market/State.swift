// DCML's monetization contract (paper §6): the model market AND the payment channels in one NEAR
// contract. One contract, because a channel must read the model's price and beneficiary and the
// provider's attested signing key when it opens; NEAR cross-contract reads are asynchronous
// (a promise and a callback, with the funds in flight in between) and the devnet only runs
// transfer promises, so a single contract keeps opening a channel one atomic call.
//
// Storage layout (every key starts with a distinct byte, so no two collections can collide):
//   "C"                         Config          (written once by `new`)
//   "N"                         u64             the next channel id
//   "H"                         u128            yoctoNEAR held for open channels (the contract's ledger)
//   "S"                         u128            yoctoNEAR kept for registry storage
//   "m" ‖ borsh(model_id)       Model
//   "p" ‖ borsh(model_id) ‖ borsh(provider)    Provider
//   "c" ‖ u64_le(channel_id)    Channel         (deleted when it closes: ids below "N" without a
//                                               record are closed for good, the tombstone costs
//                                               no storage)

/// Contract-wide settings, written once by `new`.
struct Config: BorshCodable {
    /// The chain this deployment lives on ("mainnet", "testnet", the devnet's id); part of every
    /// signed closure message, since a contract cannot ask NEAR which chain it runs on.
    var chainId: [UInt8]
    /// T, the force-close challenge period.
    var challengePeriodSeconds: UInt64

    init(chainId: [UInt8], challengePeriodSeconds: UInt64) {
        self.chainId = chainId
        self.challengePeriodSeconds = challengePeriodSeconds
    }

    init(from reader: inout BorshReader) {
        chainId = reader.readBytes()
        challengePeriodSeconds = reader.read(UInt64.self)
    }

    func encode(to writer: inout BorshWriter) {
        writer.write(bytes: chainId)
        writer.write(challengePeriodSeconds)
    }
}

/// Charlie's model: what it is (model key, modelH, optional compose hash), what it costs, who
/// is paid.
struct Model: BorshCodable {
    var owner: AccountId
    var modelPk: [UInt8]
    var modelHash: [UInt8]
    var composeHash: [UInt8]?
    var pricePromptPer1k: UInt128
    var priceCompletionPer1k: UInt128
    var beneficiary: AccountId

    init(owner: AccountId, modelPk: [UInt8], modelHash: [UInt8], composeHash: [UInt8]?,
         pricePromptPer1k: UInt128, priceCompletionPer1k: UInt128, beneficiary: AccountId) {
        self.owner = owner
        self.modelPk = modelPk
        self.modelHash = modelHash
        self.composeHash = composeHash
        self.pricePromptPer1k = pricePromptPer1k
        self.priceCompletionPer1k = priceCompletionPer1k
        self.beneficiary = beneficiary
    }

    init(from reader: inout BorshReader) {
        owner = AccountId(from: &reader)
        modelPk = reader.readRaw(count: 32)
        modelHash = reader.readRaw(count: 32)
        composeHash = reader.readBool() ? reader.readRaw(count: 32) : nil
        pricePromptPer1k = reader.read(UInt128.self)
        priceCompletionPer1k = reader.read(UInt128.self)
        beneficiary = AccountId(from: &reader)
    }

    func encode(to writer: inout BorshWriter) {
        owner.encode(to: &writer)
        writer.write(raw: modelPk)
        writer.write(raw: modelHash)
        writer.write(composeHash != nil)
        if let composeHash { writer.write(raw: composeHash) }
        writer.write(pricePromptPer1k)
        writer.write(priceCompletionPer1k)
        beneficiary.encode(to: &writer)
    }
}

/// Bob's registration as a provider of one model: his node's attested response-signing key
/// (the key that also signs channel closures) and his fee.
struct Provider: BorshCodable {
    var signingKey: [UInt8]
    var feePer1k: UInt128

    init(signingKey: [UInt8], feePer1k: UInt128) {
        self.signingKey = signingKey
        self.feePer1k = feePer1k
    }

    init(from reader: inout BorshReader) {
        signingKey = reader.readRaw(count: 32)
        feePer1k = reader.read(UInt128.self)
    }

    func encode(to writer: inout BorshWriter) {
        writer.write(raw: signingKey)
        writer.write(feePer1k)
    }
}

struct ProviderKey: BorshCodable {
    var modelId: [UInt8]
    var provider: AccountId

    init(modelId: [UInt8], provider: AccountId) {
        self.modelId = modelId
        self.provider = provider
    }

    init(from reader: inout BorshReader) {
        modelId = reader.readBytes()
        provider = AccountId(from: &reader)
    }

    func encode(to writer: inout BorshWriter) {
        writer.write(bytes: modelId)
        provider.encode(to: &writer)
    }
}

/// Where a channel is in its life.
enum ChannelState: UInt8 {
    /// Alice's deposit D is in; Bob has not locked his D yet. The node serves nothing yet.
    case pending = 0
    /// Both deposits are in; the node serves against the channel.
    case active = 1
    /// Alice force-closed; the challenge period runs until `forceCloseDeadlineNs`.
    case closing = 2
    /// Settled (only ever seen in the closing call's result and event: the record is then deleted).
    case closed = 3
}

/// How a channel was settled.
enum Closure: UInt8 {
    case none = 0
    /// `close_cooperative` with the TEE's closure approval while active.
    case cooperative = 1
    /// A closure approval arrived within the challenge period of a force close.
    case answered = 2
    /// `finalize_force_close` after the challenge period with no answer.
    case unanswered = 3
    /// Alice force-closed before Bob locked his deposit: refunded at once.
    case cancelled = 4
}

/// One channel, with everything it needs to settle snapshotted at opening (rates, beneficiary,
/// the provider's signing key), so later registry updates never change an open channel.
struct Channel: BorshCodable {
    var modelId: [UInt8]
    var user: AccountId
    var provider: AccountId
    var beneficiary: AccountId
    var signingKey: [UInt8]
    var challenge: [UInt8]
    /// Alice's Ed25519 voucher key (32 bytes), given at open: the provider's TEE accepts only
    /// vouchers it signed. Empty when `open_channel` was called without one (no TEE takes such a
    /// channel; the argument is optional only so callers written before it keep working).
    var payerKey: [UInt8]
    var pricePromptPer1k: UInt128
    var priceCompletionPer1k: UInt128
    var feePer1k: UInt128
    var deposit: UInt128
    var state: ChannelState
    var openedAtNs: UInt64
    var forceCloseDeadlineNs: UInt64
    var closure: Closure
    var spent: UInt128
    var modelShare: UInt128
    var nonce: UInt64
    var paidUser: UInt128
    var paidProvider: UInt128
    var paidBeneficiary: UInt128
    var closedAtNs: UInt64

    init(modelId: [UInt8], user: AccountId, provider: AccountId, beneficiary: AccountId, signingKey: [UInt8],
         challenge: [UInt8], payerKey: [UInt8], pricePromptPer1k: UInt128, priceCompletionPer1k: UInt128, feePer1k: UInt128,
         deposit: UInt128, openedAtNs: UInt64) {
        self.modelId = modelId
        self.user = user
        self.provider = provider
        self.beneficiary = beneficiary
        self.signingKey = signingKey
        self.challenge = challenge
        self.payerKey = payerKey
        self.pricePromptPer1k = pricePromptPer1k
        self.priceCompletionPer1k = priceCompletionPer1k
        self.feePer1k = feePer1k
        self.deposit = deposit
        state = .pending
        self.openedAtNs = openedAtNs
        forceCloseDeadlineNs = 0
        closure = .none
        spent = 0
        modelShare = 0
        nonce = 0
        paidUser = 0
        paidProvider = 0
        paidBeneficiary = 0
        closedAtNs = 0
    }

    init(from reader: inout BorshReader) {
        modelId = reader.readBytes()
        user = AccountId(from: &reader)
        provider = AccountId(from: &reader)
        beneficiary = AccountId(from: &reader)
        signingKey = reader.readRaw(count: 32)
        challenge = reader.readRaw(count: 32)
        payerKey = reader.readBytes()
        pricePromptPer1k = reader.read(UInt128.self)
        priceCompletionPer1k = reader.read(UInt128.self)
        feePer1k = reader.read(UInt128.self)
        deposit = reader.read(UInt128.self)
        guard let s = ChannelState(rawValue: reader.read(UInt8.self)) else { Near.panic("state: bad channel state") }
        state = s
        openedAtNs = reader.read(UInt64.self)
        forceCloseDeadlineNs = reader.read(UInt64.self)
        guard let c = Closure(rawValue: reader.read(UInt8.self)) else { Near.panic("state: bad closure kind") }
        closure = c
        spent = reader.read(UInt128.self)
        modelShare = reader.read(UInt128.self)
        nonce = reader.read(UInt64.self)
        paidUser = reader.read(UInt128.self)
        paidProvider = reader.read(UInt128.self)
        paidBeneficiary = reader.read(UInt128.self)
        closedAtNs = reader.read(UInt64.self)
    }

    func encode(to writer: inout BorshWriter) {
        writer.write(bytes: modelId)
        user.encode(to: &writer)
        provider.encode(to: &writer)
        beneficiary.encode(to: &writer)
        writer.write(raw: signingKey)
        writer.write(raw: challenge)
        writer.write(bytes: payerKey)
        writer.write(pricePromptPer1k)
        writer.write(priceCompletionPer1k)
        writer.write(feePer1k)
        writer.write(deposit)
        writer.write(state.rawValue)
        writer.write(openedAtNs)
        writer.write(forceCloseDeadlineNs)
        writer.write(closure.rawValue)
        writer.write(spent)
        writer.write(modelShare)
        writer.write(nonce)
        writer.write(paidUser)
        writer.write(paidProvider)
        writer.write(paidBeneficiary)
        writer.write(closedAtNs)
    }
}

/// NEAR's storage staking price: 10^19 yoctoNEAR per byte (1 NEAR per 100 kB).
let storageByteCost: UInt128 = 10_000_000_000_000_000_000

/// The smallest channel deposit D: 0.01 NEAR, more than the storage staking of the largest channel
/// record (≈ 670 bytes with NEAR's 40-byte record overhead), so while a channel is open its own
/// deposit backs its storage; its record is deleted when it closes.
let minimumChannelDeposit: UInt128 = 10_000_000_000_000_000_000_000

let config = PersistentValue<Config>(key: "C")
let nextChannelId = PersistentValue<UInt64>(key: "N")
let heldTotal = PersistentValue<UInt128>(key: "H")
/// yoctoNEAR kept from registrations to pay for their storage (never paid out).
let storageDeposits = PersistentValue<UInt128>(key: "S")
let models = PersistentMap<[UInt8], Model>(prefix: "m")
let providers = PersistentMap<ProviderKey, Provider>(prefix: "p")
let channels = PersistentMap<UInt64, Channel>(prefix: "c")

/// The configuration; every method but `new` and the registry views needs it.
func loadConfig() -> Config {
    guard let value = config.value else { Near.panic("contract is not initialized: call new({chain_id, challenge_period_seconds}) first") }
    return value
}

/// Adds to or takes from the yoctoNEAR the contract holds for channels.
func heldAdd(_ amount: UInt128) {
    let (sum, overflow) = (heldTotal.value ?? 0).addingReportingOverflow(amount)
    Near.require(!overflow, "amount overflow")
    heldTotal.value = sum
}

func heldSubtract(_ amount: UInt128) {
    let held = heldTotal.value ?? 0
    Near.require(amount <= held, "ledger underflow: paying out more than the channels hold")
    heldTotal.value = held - amount
}

/// Makes the caller pay NEAR's storage staking for what this call added to state since
/// `usageBefore` (a registration): keeps exactly that much of the attached deposit and refunds
/// the rest. Panics when the deposit does not cover it.
func chargeStorage(since usageBefore: UInt64) {
    let after = Near.storageUsage()
    let added = after > usageBefore ? UInt128(after - usageBefore) : 0
    let cost = added * storageByteCost
    let attached = Near.attachedDeposit()
    if attached < cost {
        var message = staticBytes("attach at least ")
        message += decimal(cost)
        message += staticBytes(" yoctoNEAR for storage (")
        message += decimal(added)
        message += staticBytes(" bytes at 10^19 yoctoNEAR each); the excess is refunded")
        Near.panic(bytes: message)
    }
    if cost > 0 { storageDeposits.value = checkedAdd(storageDeposits.value ?? 0, cost) }
    if attached > cost { Near.transfer(to: Near.predecessorAccountId(), amount: attached - cost) }
}
