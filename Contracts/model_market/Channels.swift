// Payment channels (paper §6): Alice deposits D, Bob locks the same D, the provider's TEE signs
// the closure approval, and every settlement pays out exactly the 2·D the channel holds.
// Contracts/payment_channel/README.md is the protocol's specification for the off-chain side.
//
// Settlement with a closure approval (spent S, model share M, both cumulative, S ≤ D, M ≤ S):
//     beneficiary (Charlie)  M
//     provider (Bob)         (S − M) + D        his fee part plus his deposit back
//     user (Alice)           D − S
// Force close with no answer within T:
//     user (Alice)           D                  everything back
//     beneficiary (Charlie)  D                  Bob's whole deposit
// Force close before Bob locked (state pending):
//     user (Alice)           D
// Each line is one transfer promise (none for a zero amount); the lines always sum to what the
// channel held, and the contract's ledger (`get_config().held`) drops by exactly that.

/// The exact bytes the provider's TEE signs (Ed25519, NEAR's `ed25519_verify`) to approve
/// closing a channel: the UTF-8 text
///
///     dcml-channel-close-v1:{chain_id}:{contract_id}:{channel_id}:{challenge}:{spent}:{model_share}:{nonce}
///
/// - `chain_id`: the id given to `new` (`get_config().chain_id`), e.g. `testnet`
/// - `contract_id`: this contract's account id, e.g. `market.dcml.testnet`
/// - `channel_id`: decimal u64, no leading zeros
/// - `challenge`: the channel's 32-byte challenge as 64 lowercase hex digits
/// - `spent`, `model_share`: decimal u128 yoctoNEAR, no leading zeros, no sign (`0` for zero);
///   `spent` is everything Alice pays, `model_share` the part of it that goes to the beneficiary
/// - `nonce`: decimal u64 (the TEE's monotonic counter at signing, §6.1), recorded, not ordered
///
/// No field can contain ':' (NEAR account ids and chain ids cannot), so the text parses uniquely.
func closureMessage(config: Config, channelId: UInt64, challenge: [UInt8], spent: UInt128, modelShare: UInt128, nonce: UInt64) -> [UInt8] {
    var m = staticBytes("dcml-channel-close-v1:")
    m += config.chainId
    m.append(0x3A)
    m += Near.currentAccountId().bytes
    m.append(0x3A)
    m += decimal(UInt128(channelId))
    m.append(0x3A)
    m += Hex.encode(challenge)
    m.append(0x3A)
    m += decimal(spent)
    m.append(0x3A)
    m += decimal(modelShare)
    m.append(0x3A)
    m += decimal(UInt128(nonce))
    return m
}

/// The open channel named by `channel_id`; a closed one (an id below the next id without a
/// record: its tombstone) panics `channel is closed`.
func requiredChannel(_ args: JSONValue) -> (UInt64, Channel) {
    let id = requiredU64(args, "channel_id", "expected channel_id: an integer")
    guard let channel = channels[id] else {
        if id < (nextChannelId.value ?? 0) { Near.panic("channel is closed") }
        Near.panic("no such channel")
    }
    return (id, channel)
}

/// `open_channel({model_id, provider, challenge, payer_key})`, payable: the attached deposit is D
/// (≥ 0.01 NEAR, which backs the channel record's storage while it is open).
/// The caller is the channel's user (Alice); `challenge` is the 32-byte hex nonce the provider's
/// TEE handed out (`get_challenge`); `payer_key` her Ed25519 voucher key (32 bytes of hex), which
/// the record and its events carry so the TEE knows whose vouchers to accept. Snapshots the model's rates and beneficiary and the
/// provider's fee and signing key. Returns the channel id (a JSON number).
@_expose(wasm, "open_channel")
@_cdecl("open_channel")
public func openChannel() {
    _ = loadConfig()
    let deposit = Near.attachedDeposit()
    Near.require(deposit >= minimumChannelDeposit, "open_channel needs an attached deposit D of at least 0.01 NEAR (10000000000000000000000 yoctoNEAR)")
    let args = Contract.jsonArguments()
    let modelId = requiredModelId(args)
    let providerId = requiredAccount(args, "provider", "expected provider: a NEAR account id")
    let challenge = requiredHex(args, "challenge", count: 32, "expected challenge: 32 bytes of hex from the provider's TEE")
    let payerKey = optionalHex(args, "payer_key", count: 32, "expected payer_key: 32 bytes of hex (the payer's Ed25519 voucher key)") ?? []
    guard let model = models[modelId] else { Near.panic("no such model") }
    guard let provider = providers[ProviderKey(modelId: modelId, provider: providerId)] else {
        Near.panic("provider is not registered for this model")
    }
    let id = nextChannelId.value ?? 0
    Near.require(id < UInt64.max, "channel ids exhausted")
    nextChannelId.value = id + 1
    let channel = Channel(
        modelId: modelId, user: Near.predecessorAccountId(), provider: providerId, beneficiary: model.beneficiary,
        signingKey: provider.signingKey, challenge: challenge, payerKey: payerKey, pricePromptPer1k: model.pricePromptPer1k,
        priceCompletionPer1k: model.priceCompletionPer1k, feePer1k: provider.feePer1k, deposit: deposit,
        openedAtNs: Near.blockTimestamp())
    channels[id] = channel
    heldAdd(deposit)
    emitEvent("channel_opened") { writeChannel(&$0, id: id, channel) }
    Contract.returnJSON { $0.number(id) }
}

/// `lock_provider_deposit({channel_id})`, payable by the channel's provider with exactly D.
/// Activates the channel; returns it.
@_expose(wasm, "lock_provider_deposit")
@_cdecl("lock_provider_deposit")
public func lockProviderDeposit() {
    _ = loadConfig()
    let args = Contract.jsonArguments()
    var (id, channel) = requiredChannel(args)
    switch channel.state {
    case .pending: break
    case .closed: Near.panic("channel is closed")
    case .active, .closing: Near.panic("provider deposit is already locked")
    }
    Near.require(Near.predecessorAccountId() == channel.provider, "only the channel's provider may lock its deposit")
    Near.require(Near.attachedDeposit() == channel.deposit, "the provider's deposit must equal the user's deposit exactly")
    channel.state = .active
    channels[id] = channel
    heldAdd(channel.deposit)
    emitEvent("provider_deposit_locked") { writeChannel(&$0, id: id, channel) }
    Contract.returnJSON { writeChannel(&$0, id: id, channel) }
}

/// `close_cooperative({channel_id, spent, model_share, nonce, signature})` → the closed channel.
/// Anyone may submit the TEE's closure approval (the payouts go to fixed accounts). Accepted
/// while the channel is active, and while a force close is in its challenge period.
@_expose(wasm, "close_cooperative")
@_cdecl("close_cooperative")
public func closeCooperative() {
    Contract.requireNoDeposit()
    let config = loadConfig()
    let args = Contract.jsonArguments()
    let (id, channel) = requiredChannel(args)
    switch channel.state {
    case .active: settleWithApproval(config: config, args: args, id: id, channel, kind: .cooperative)
    case .closing: settleWithApproval(config: config, args: args, id: id, channel, kind: .answered)
    case .pending: Near.panic("channel is not active: the provider has not locked its deposit")
    case .closed: Near.panic("channel is closed")
    }
}

/// `force_close({channel_id})` by the channel's user → the channel. Active: starts the challenge
/// period (deadline = now + T). Pending (Bob never locked, so his node never served): refunds D
/// at once.
@_expose(wasm, "force_close")
@_cdecl("force_close")
public func forceClose() {
    Contract.requireNoDeposit()
    let config = loadConfig()
    let args = Contract.jsonArguments()
    var (id, channel) = requiredChannel(args)
    Near.require(Near.predecessorAccountId() == channel.user, "only the channel's user may force-close it")
    let now = Near.blockTimestamp()
    switch channel.state {
    case .pending:
        channel.closure = .cancelled
        channel.paidUser = channel.deposit
        finish(id: id, &channel, now: now)
    case .active:
        let (period, o1) = config.challengePeriodSeconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (deadline, o2) = now.addingReportingOverflow(period)
        Near.require(!o1 && !o2, "challenge deadline overflows")
        channel.state = .closing
        channel.forceCloseDeadlineNs = deadline
        channels[id] = channel
        emitEvent("force_close_started") { writeChannel(&$0, id: id, channel) }
    case .closing: Near.panic("channel is already force-closing")
    case .closed: Near.panic("channel is closed")
    }
    Contract.returnJSON { writeChannel(&$0, id: id, channel) }
}

/// `answer_force_close({channel_id, spent, model_share, nonce, signature})` → the closed channel.
/// Anyone carrying the TEE's closure approval, strictly before the deadline; settles as the
/// cooperative close does.
@_expose(wasm, "answer_force_close")
@_cdecl("answer_force_close")
public func answerForceClose() {
    Contract.requireNoDeposit()
    let config = loadConfig()
    let args = Contract.jsonArguments()
    let (id, channel) = requiredChannel(args)
    switch channel.state {
    case .closing: settleWithApproval(config: config, args: args, id: id, channel, kind: .answered)
    case .closed: Near.panic("channel is closed")
    case .pending, .active: Near.panic("channel is not force-closing")
    }
}

/// `finalize_force_close({channel_id})` → the closed channel. Anyone, once the deadline has
/// passed (block_timestamp ≥ deadline) with no answer: Alice gets D back, Bob's D goes to the
/// model's beneficiary.
@_expose(wasm, "finalize_force_close")
@_cdecl("finalize_force_close")
public func finalizeForceClose() {
    Contract.requireNoDeposit()
    _ = loadConfig()
    let args = Contract.jsonArguments()
    var (id, channel) = requiredChannel(args)
    switch channel.state {
    case .closing: break
    case .closed: Near.panic("channel is closed")
    case .pending, .active: Near.panic("channel is not force-closing")
    }
    let now = Near.blockTimestamp()
    Near.require(now >= channel.forceCloseDeadlineNs, "challenge period is not over yet")
    channel.closure = .unanswered
    channel.paidUser = channel.deposit
    channel.paidBeneficiary = channel.deposit
    finish(id: id, &channel, now: now)
    Contract.returnJSON { writeChannel(&$0, id: id, channel) }
}

/// Checks the closure approval in `args` against the channel's snapshotted signing key and pays out.
func settleWithApproval(config: Config, args: JSONValue, id: UInt64, _ channel: Channel, kind: Closure) {
    var channel = channel
    let now = Near.blockTimestamp()
    if channel.state == .closing {
        Near.require(now < channel.forceCloseDeadlineNs, "challenge period is over: only finalize_force_close remains")
    }
    let spent = requiredAmount(args, "spent", "expected spent: yoctoNEAR as a decimal string")
    let modelShare = requiredAmount(args, "model_share", "expected model_share: yoctoNEAR as a decimal string")
    let nonce = requiredU64(args, "nonce", "expected nonce: an integer")
    let signature = requiredHex(args, "signature", count: 64, "expected signature: 64 bytes of hex (Ed25519)")
    Near.require(spent <= channel.deposit, "spent exceeds the channel's deposit")
    Near.require(modelShare <= spent, "model_share exceeds spent")
    let message = closureMessage(config: config, channelId: id, challenge: channel.challenge, spent: spent, modelShare: modelShare, nonce: nonce)
    Near.require(Near.ed25519Verify(signature: signature, message: message, publicKey: channel.signingKey),
                 "invalid closure signature: not the provider's TEE key over this channel's closure message")
    channel.closure = kind
    channel.spent = spent
    channel.modelShare = modelShare
    channel.nonce = nonce
    channel.paidBeneficiary = modelShare
    channel.paidProvider = checkedAdd(spent - modelShare, channel.deposit)
    channel.paidUser = channel.deposit - spent
    finish(id: id, &channel, now: now)
    Contract.returnJSON { writeChannel(&$0, id: id, channel) }
}

/// Marks the channel closed (its tombstone), takes its funds off the ledger and sends the payouts.
func finish(id: UInt64, _ channel: inout Channel, now: UInt64) {
    let held = channel.state == .pending ? channel.deposit : checkedAdd(channel.deposit, channel.deposit)
    let total = checkedAdd(checkedAdd(channel.paidUser, channel.paidProvider), channel.paidBeneficiary)
    Near.require(total == held, "payouts must equal what the channel holds")
    channel.state = .closed
    channel.closedAtNs = now
    // The record goes (freeing the storage its deposit backed); the id stays below the next id,
    // which is what makes it closed for good.
    channels.remove(id)
    heldSubtract(held)
    if channel.paidUser > 0 { Near.transfer(to: channel.user, amount: channel.paidUser) }
    if channel.paidProvider > 0 { Near.transfer(to: channel.provider, amount: channel.paidProvider) }
    if channel.paidBeneficiary > 0 { Near.transfer(to: channel.beneficiary, amount: channel.paidBeneficiary) }
    emitEvent("channel_closed") { writeChannel(&$0, id: id, channel) }
}

/// View: `get_channel({channel_id})` → the open channel, `{"channel_id": n, "state": "closed"}`
/// for a closed one (its settlement is in the `channel_closed` event and the closing call's
/// result), or null for an id never used.
@_expose(wasm, "get_channel")
@_cdecl("get_channel")
public func getChannel() {
    let args = Contract.jsonArguments()
    let id = requiredU64(args, "channel_id", "expected channel_id: an integer")
    let channel = channels[id]
    let closed = channel == nil && id < (nextChannelId.value ?? 0)
    Contract.returnJSON { w in
        if let channel {
            writeChannel(&w, id: id, channel)
        } else if closed {
            w.beginObject()
            w.key("channel_id"); w.number(id)
            w.key("state"); w.string("closed")
            w.endObject()
        } else {
            w.null()
        }
    }
}

/// View: `closure_message({channel_id, spent, model_share, nonce})` → the exact text (a JSON
/// string) the provider's TEE must sign to approve that closure, for cross-checking signers
/// (open channels only: a closed channel's challenge is gone with its record).
@_expose(wasm, "closure_message")
@_cdecl("closure_message")
public func closureMessageView() {
    let config = loadConfig()
    let args = Contract.jsonArguments()
    let (id, channel) = requiredChannel(args)
    let message = closureMessage(
        config: config, channelId: id, challenge: channel.challenge,
        spent: requiredAmount(args, "spent", "expected spent: yoctoNEAR as a decimal string"),
        modelShare: requiredAmount(args, "model_share", "expected model_share: yoctoNEAR as a decimal string"),
        nonce: requiredU64(args, "nonce", "expected nonce: an integer"))
    Contract.returnJSON { $0.string(message) }
}

func writeChannel(_ w: inout JSONWriter, id: UInt64, _ c: Channel) {
    w.beginObject()
    w.key("channel_id"); w.number(id)
    w.key("model_id"); w.string(c.modelId)
    w.key("user"); w.string(c.user.bytes)
    w.key("provider"); w.string(c.provider.bytes)
    w.key("beneficiary"); w.string(c.beneficiary.bytes)
    w.key("signing_public_key"); w.string(Hex.encode(c.signingKey))
    w.key("challenge"); w.string(Hex.encode(c.challenge))
    w.key("payer_key")
    if c.payerKey.isEmpty { w.null() } else { w.string(Hex.encode(c.payerKey)) }
    w.key("deposit"); w.amount(c.deposit)
    w.key("price_prompt_per_1k"); w.amount(c.pricePromptPer1k)
    w.key("price_completion_per_1k"); w.amount(c.priceCompletionPer1k)
    w.key("fee_per_1k"); w.amount(c.feePer1k)
    w.key("state")
    switch c.state {
    case .pending: w.string("pending")
    case .active: w.string("active")
    case .closing: w.string("closing")
    case .closed: w.string("closed")
    }
    w.key("opened_at_ns"); w.amount(UInt128(c.openedAtNs))
    w.key("force_close_deadline_ns")
    if c.forceCloseDeadlineNs != 0 { w.amount(UInt128(c.forceCloseDeadlineNs)) } else { w.null() }
    w.key("closure")
    if c.state == .closed {
        w.beginObject()
        w.key("kind")
        switch c.closure {
        case .none: w.string("none")
        case .cooperative: w.string("cooperative")
        case .answered: w.string("answered")
        case .unanswered: w.string("unanswered")
        case .cancelled: w.string("cancelled")
        }
        w.key("spent"); w.amount(c.spent)
        w.key("model_share"); w.amount(c.modelShare)
        w.key("nonce"); w.number(c.nonce)
        w.key("paid_user"); w.amount(c.paidUser)
        w.key("paid_provider"); w.amount(c.paidProvider)
        w.key("paid_beneficiary"); w.amount(c.paidBeneficiary)
        w.key("closed_at_ns"); w.amount(UInt128(c.closedAtNs))
        w.endObject()
    } else {
        w.null()
    }
    w.endObject()
}
