// The model market (paper §6, step 1): Charlie registers a model and its price, Bob registers as
// a provider of it with his node's attested signing key and his own fee.

/// `new({chain_id, challenge_period_seconds})`: once, by the contract account itself (deploy and
/// call it in one transaction), so nobody can front-run the configuration.
@_expose(wasm, "new")
@_cdecl("new")
public func initialize() {
    Contract.requireNoDeposit()
    Near.require(config.value == nil, "contract is already initialized")
    Near.require(Near.predecessorAccountId() == Near.currentAccountId(), "only the contract account may initialize it")
    let args = Contract.jsonArguments()
    let chainId = requiredString(args, "chain_id", "expected chain_id: 1-64 characters of a-z A-Z 0-9 . _ -")
    Near.require(isValidChainId(chainId), "expected chain_id: 1-64 characters of a-z A-Z 0-9 . _ -")
    let period = requiredU64(args, "challenge_period_seconds", "expected challenge_period_seconds: an integer from 1 to 315360000")
    Near.require(period >= 1 && period <= 315_360_000, "expected challenge_period_seconds: an integer from 1 to 315360000")
    config.value = Config(chainId: chainId, challengePeriodSeconds: period)
    nextChannelId.value = 0
    heldTotal.value = 0
    storageDeposits.value = 0
    Contract.returnJSON { writeConfig(&$0) }
}

/// View: `{chain_id, challenge_period_seconds, next_channel_id, held, storage_deposits,
/// minimum_channel_deposit}`; `held` is the yoctoNEAR the contract owes to open channels (its
/// own ledger), `storage_deposits` what registrations paid for their storage.
@_expose(wasm, "get_config")
@_cdecl("get_config")
public func getConfig() {
    Contract.returnJSON { writeConfig(&$0) }
}

func writeConfig(_ w: inout JSONWriter) {
    let c = loadConfig()
    w.beginObject()
    w.key("chain_id"); w.string(c.chainId)
    w.key("challenge_period_seconds"); w.number(c.challengePeriodSeconds)
    w.key("next_channel_id"); w.number(nextChannelId.value ?? 0)
    w.key("held"); w.amount(heldTotal.value ?? 0)
    w.key("storage_deposits"); w.amount(storageDeposits.value ?? 0)
    w.key("minimum_channel_deposit"); w.amount(minimumChannelDeposit)
    w.endObject()
}

/// `register_model({model_id, model_pk, model_hash, compose_hash?, price_prompt_per_1k,
/// price_completion_per_1k, beneficiary?})` → the model. The caller becomes its owner;
/// `beneficiary` (default: the caller) is paid the model's share of every channel. Keys and
/// hashes are 32 bytes of hex; prices are yoctoNEAR per 1,000 tokens as decimal strings.
/// Payable: the caller pays the record's storage staking (10^19 yoctoNEAR per byte, about
/// 0.003 NEAR); the excess of the attached deposit is refunded.
@_expose(wasm, "register_model")
@_cdecl("register_model")
public func registerModel() {
    _ = loadConfig()
    let usage = Near.storageUsage()
    let args = Contract.jsonArguments()
    let id = requiredModelId(args)
    Near.require(!models.contains(id), "model_id already registered (its owner may call update_model)")
    let owner = Near.predecessorAccountId()
    let model = Model(
        owner: owner,
        modelPk: requiredHex(args, "model_pk", count: 32, "expected model_pk: 32 bytes of hex (the model's X25519 public key)"),
        modelHash: requiredHex(args, "model_hash", count: 32, "expected model_hash: 32 bytes of hex (modelH)"),
        composeHash: optionalHex(args, "compose_hash", count: 32, "expected compose_hash: 32 bytes of hex or null"),
        pricePromptPer1k: requiredAmount(args, "price_prompt_per_1k", "expected price_prompt_per_1k: yoctoNEAR as a decimal string"),
        priceCompletionPer1k: requiredAmount(args, "price_completion_per_1k", "expected price_completion_per_1k: yoctoNEAR as a decimal string"),
        beneficiary: isPresent(args, "beneficiary") ? requiredAccount(args, "beneficiary", "expected beneficiary: a NEAR account id") : owner)
    models[id] = model
    chargeStorage(since: usage)
    emitEvent("model_registered") { writeModel(&$0, id: id, model) }
    Contract.returnJSON { writeModel(&$0, id: id, model) }
}

/// `update_model({model_id, price_prompt_per_1k?, price_completion_per_1k?, beneficiary?,
/// compose_hash?})` by the model's owner → the model. Channels already open keep the rates and
/// beneficiary they were opened with. The model key and modelH never change (a new model is a
/// new model_id). Payable like `register_model` when the record grows (a compose hash added).
@_expose(wasm, "update_model")
@_cdecl("update_model")
public func updateModel() {
    _ = loadConfig()
    let usage = Near.storageUsage()
    let args = Contract.jsonArguments()
    let id = requiredModelId(args)
    guard var model = models[id] else { Near.panic("no such model") }
    Near.require(Near.predecessorAccountId() == model.owner, "only the model's owner may update it")
    if isPresent(args, "price_prompt_per_1k") {
        model.pricePromptPer1k = requiredAmount(args, "price_prompt_per_1k", "expected price_prompt_per_1k: yoctoNEAR as a decimal string")
    }
    if isPresent(args, "price_completion_per_1k") {
        model.priceCompletionPer1k = requiredAmount(args, "price_completion_per_1k", "expected price_completion_per_1k: yoctoNEAR as a decimal string")
    }
    if isPresent(args, "beneficiary") {
        model.beneficiary = requiredAccount(args, "beneficiary", "expected beneficiary: a NEAR account id")
    }
    if isPresent(args, "compose_hash") {
        model.composeHash = optionalHex(args, "compose_hash", count: 32, "expected compose_hash: 32 bytes of hex or null")
    }
    models[id] = model
    chargeStorage(since: usage)
    emitEvent("model_updated") { writeModel(&$0, id: id, model) }
    Contract.returnJSON { writeModel(&$0, id: id, model) }
}

/// View: `get_model({model_id})` → the model or null.
@_expose(wasm, "get_model")
@_cdecl("get_model")
public func getModel() {
    let args = Contract.jsonArguments()
    let id = requiredModelId(args)
    let model = models[id]
    Contract.returnJSON { w in
        if let model { writeModel(&w, id: id, model) } else { w.null() }
    }
}

func writeModel(_ w: inout JSONWriter, id: [UInt8], _ model: Model) {
    w.beginObject()
    w.key("model_id"); w.string(id)
    w.key("owner"); w.string(model.owner.bytes)
    w.key("model_pk"); w.string(Hex.encode(model.modelPk))
    w.key("model_hash"); w.string(Hex.encode(model.modelHash))
    w.key("compose_hash")
    if let hash = model.composeHash { w.string(Hex.encode(hash)) } else { w.null() }
    w.key("price_prompt_per_1k"); w.amount(model.pricePromptPer1k)
    w.key("price_completion_per_1k"); w.amount(model.priceCompletionPer1k)
    w.key("beneficiary"); w.string(model.beneficiary.bytes)
    w.endObject()
}

/// `register_provider({model_id, signing_public_key, fee_per_1k})` → the registration. The caller
/// (Bob) registers or replaces his entry for that model: `signing_public_key` is his node's
/// attested Ed25519 response-signing key (32 bytes of hex), the key that signs channel closures;
/// `fee_per_1k` is his fee in yoctoNEAR per 1,000 tokens (prompt and completion alike). Open
/// channels keep the key and fee they were opened with. Payable like `register_model` (storage).
@_expose(wasm, "register_provider")
@_cdecl("register_provider")
public func registerProvider() {
    _ = loadConfig()
    let usage = Near.storageUsage()
    let args = Contract.jsonArguments()
    let id = requiredModelId(args)
    Near.require(models.contains(id), "no such model")
    let provider = Provider(
        signingKey: requiredHex(args, "signing_public_key", count: 32, "expected signing_public_key: 32 bytes of hex (the node's Ed25519 key)"),
        feePer1k: requiredAmount(args, "fee_per_1k", "expected fee_per_1k: yoctoNEAR as a decimal string"))
    let account = Near.predecessorAccountId()
    providers[ProviderKey(modelId: id, provider: account)] = provider
    chargeStorage(since: usage)
    emitEvent("provider_registered") { writeProvider(&$0, id: id, account: account, provider) }
    Contract.returnJSON { writeProvider(&$0, id: id, account: account, provider) }
}

/// View: `get_provider({model_id, provider})` → the registration or null.
@_expose(wasm, "get_provider")
@_cdecl("get_provider")
public func getProvider() {
    let args = Contract.jsonArguments()
    let id = requiredModelId(args)
    let account = requiredAccount(args, "provider", "expected provider: a NEAR account id")
    let provider = providers[ProviderKey(modelId: id, provider: account)]
    Contract.returnJSON { w in
        if let provider { writeProvider(&w, id: id, account: account, provider) } else { w.null() }
    }
}

func writeProvider(_ w: inout JSONWriter, id: [UInt8], account: AccountId, _ provider: Provider) {
    w.beginObject()
    w.key("model_id"); w.string(id)
    w.key("provider"); w.string(account.bytes)
    w.key("signing_public_key"); w.string(Hex.encode(provider.signingKey))
    w.key("fee_per_1k"); w.amount(provider.feePer1k)
    w.endObject()
}
