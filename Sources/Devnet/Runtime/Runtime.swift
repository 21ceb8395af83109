import NearLightClient

/// Validates transactions against state and runs their actions (nearcore's `verify_and_charge`
/// and `apply_action_receipt`, for one shard and the actions the devnet supports).
///
/// Value type: the chain owns one and calls it with the block's `StateOverlay`.
public struct Runtime: Sendable {
    public var fees: FeeSchedule
    public var gasPrice: UInt128
    public var contracts: any ContractRuntime

    public init(fees: FeeSchedule = FeeSchedule(), gasPrice: UInt128, contracts: any ContractRuntime = UnavailableContractRuntime()) {
        self.fees = fees
        self.gasPrice = gasPrice
        self.contracts = contracts
    }

    /// What the signer is charged up front: both sides' gas at the gas price, plus deposits.
    public func cost(of tx: Transaction) -> (charge: UInt128, required: UInt128) {
        let gas = UInt128(fees.gas(of: tx.actions))
        var deposits: UInt128 = 0
        var prepaid: UInt128 = 0
        for action in tx.actions {
            switch action {
            case .transfer(let d): deposits &+= d
            case .functionCall(let call):
                deposits &+= call.deposit
                prepaid &+= UInt128(call.gas)
            default: break
            }
        }
        let charge = gas &* 2 &* gasPrice &+ deposits
        return (charge, charge &+ prepaid &* gasPrice)
    }

    /// The checks that depend on state: signer, access key and its permission, nonce, balance.
    /// (The signature and block hash are the chain's checks.) `pendingNonce` is the highest
    /// nonce already accepted into the pool for this key.
    func validate(_ tx: Transaction, account: AccountRecord?, key: AccessKey?, pendingNonce: UInt64 = 0) throws(InvalidTxError) -> UInt128 {
        guard AccountId.isValid(tx.signerId) else { throw .invalidSignerId(tx.signerId) }
        guard AccountId.isValid(tx.receiverId) else { throw .invalidReceiverId(tx.receiverId) }
        guard let account else { throw .signerDoesNotExist(tx.signerId) }
        guard let key else { throw .accessKeyNotFound(account: tx.signerId, publicKey: tx.publicKey) }
        let floor = max(key.nonce, pendingNonce)
        guard tx.nonce > floor else { throw .invalidNonce(txNonce: tx.nonce, akNonce: floor) }
        if case .functionCall(let permission) = key.permission {
            guard tx.actions.count == 1, case .functionCall(let call) = tx.actions[0], call.deposit == 0,
                  tx.receiverId == permission.receiverId,
                  permission.methodNames.isEmpty || permission.methodNames.contains(call.methodName)
            else { throw .notFullAccess(account: tx.signerId, publicKey: tx.publicKey) }
        }
        let (charge, required) = cost(of: tx)
        guard account.amount >= required else { throw .notEnoughBalance(signer: tx.signerId, balance: account.amount, cost: required) }
        return charge
    }

    /// Validates `tx` against `state`, charges the signer, bumps the key's nonce and runs the
    /// receipt on the receiver. A failing action undoes the receipt's writes and refunds the
    /// deposits; the gas stays burnt, as on NEAR.
    func apply(
        _ tx: Transaction, hash: CryptoHash, state: inout StateOverlay, prevBlockHash: CryptoHash,
        height: UInt64, timestamp: UInt64
    ) throws(InvalidTxError) -> TxExecution {
        let signer = state.account(tx.signerId)
        let key = state.accessKey(tx.signerId, tx.publicKey)
        let charge = try validate(tx, account: signer, key: key)
        var payer = signer!
        payer.amount -= charge
        state.beginReceipt()
        state.setAccount(tx.signerId, payer)
        var updatedKey = key!
        updatedKey.nonce = tx.nonce
        state.setAccessKey(tx.signerId, tx.publicKey, updatedKey)

        let gas = fees.gas(of: tx.actions)
        let burnt = UInt128(gas) &* gasPrice
        var writer = BorshWriter(capacity: 80)
        writer.write(hash)
        writer.write(prevBlockHash)
        writer.write(UInt64(0))
        let receiptId = CryptoHash.hash(writer.bytes)
        let txOutcome = ExecutionOutcome(
            logs: [], receiptIds: [receiptId], gasBurnt: gas, tokensBurnt: burnt, executorId: tx.signerId,
            status: .successReceiptId(receiptId))

        state.beginReceipt()
        let (status, logs) = runReceipt(tx, state: &state, height: height, timestamp: timestamp)
        let receiptOutcome = ExecutionOutcome(
            logs: logs, receiptIds: [], gasBurnt: gas, tokensBurnt: burnt, executorId: tx.receiverId, status: status)
        return TxExecution(
            transactionOutcome: ExecutionOutcomeWithId(id: hash, outcome: txOutcome),
            receiptOutcome: ExecutionOutcomeWithId(id: receiptId, outcome: receiptOutcome))
    }

    private func runReceipt(_ tx: Transaction, state: inout StateOverlay, height: UInt64, timestamp: UInt64) -> (ExecutionStatus, [String]) {
        let receiver = tx.receiverId
        let predecessor = tx.signerId
        var logs: [String] = []
        var returnValue: [UInt8] = []
        var createdHere = false
        for (index, action) in tx.actions.enumerated() {
            do throws(ActionErrorKind) {
                if case .createAccount = action {
                    try createAccount(receiver, predecessor: predecessor, state: &state, height: height)
                    createdHere = true
                    continue
                }
                guard var account = state.account(receiver) else { throw .accountDoesNotExist(receiver) }
                switch action {
                case .createAccount, .transfer, .functionCall: break
                default:
                    guard receiver == predecessor || createdHere else {
                        throw .actorNoPermission(account: receiver, actor: predecessor)
                    }
                }
                switch action {
                case .createAccount: break
                case .transfer(let deposit):
                    account.amount &+= deposit
                    state.setAccount(receiver, account)
                case .deployContract(let code):
                    account.storageUsage = account.storageUsage &- UInt64(state.base.code[receiver]?.count ?? 0) &+ UInt64(code.count)
                    account.codeHash = CryptoHash.hash(code)
                    state.setAccount(receiver, account)
                    state.setCode(receiver, code)
                case .functionCall(let call):
                    account.amount &+= call.deposit
                    state.setAccount(receiver, account)
                    let code = state.changes.code[receiver] ?? state.base.code[receiver]
                    guard let code, account.codeHash != .zero else {
                        throw .functionCallError(.object(["CompilationError": .object([
                            "CodeDoesNotExist": .object(["account_id": .string(receiver)])])]))
                    }
                    let result = contracts.call(ContractCall(
                        contractId: receiver, code: code, predecessorId: predecessor, signerId: tx.signerId,
                        methodName: call.methodName, args: call.args, gas: call.gas, deposit: call.deposit, isView: false,
                        storage: state.base.data[receiver] ?? [:], blockHeight: height, blockTimestamp: timestamp))
                    logs += result.logs
                    switch result.result {
                    case .success(let value): returnValue = value
                    case .failure(let failure): throw .functionCallError(failure.json)
                    }
                case .stake(let stake, _):
                    let total = account.amount &+ account.locked
                    guard stake <= total else { throw .lackBalanceForState(account: receiver, amount: stake) }
                    account.amount = total - stake
                    account.locked = stake
                    state.setAccount(receiver, account)
                case .addKey(let publicKey, var accessKey):
                    guard state.accessKey(receiver, publicKey) == nil else {
                        throw .addKeyAlreadyExists(account: receiver, publicKey: publicKey)
                    }
                    // NEAR starts a new key's nonce at (height - 1) * 1e6 so old transactions
                    // signed with a re-added key cannot be replayed.
                    accessKey.nonce = (height &- 1) &* 1_000_000
                    state.setAccessKey(receiver, publicKey, accessKey)
                case .deleteKey(let publicKey):
                    guard state.accessKey(receiver, publicKey) != nil else {
                        throw .deleteKeyDoesNotExist(account: receiver, publicKey: publicKey)
                    }
                    state.setAccessKey(receiver, publicKey, nil)
                case .deleteAccount(let beneficiary):
                    if var heir = state.account(beneficiary), beneficiary != receiver {
                        heir.amount &+= account.amount
                        state.setAccount(beneficiary, heir)
                    }
                    for key in state.accessKeys(of: receiver) { state.setAccessKey(receiver, key, nil) }
                    state.setAccount(receiver, nil)
                }
            } catch {
                state.rollbackReceipt()
                refundDeposits(tx, state: &state)
                return (error.failure(index: index), logs)
            }
        }
        return (.successValue(returnValue), logs)
    }

    private func createAccount(_ id: String, predecessor: String, state: inout StateOverlay, height: UInt64) throws(ActionErrorKind) {
        guard state.account(id) == nil else { throw .accountAlreadyExists(id) }
        // A sub-account (`a.b`) may only be created by its parent (`b`); top-level names are
        // open on the devnet (NEAR reserves short ones for its registrar).
        if let dot = id.firstIndex(of: ".") {
            let parent = String(id[id.index(after: dot)...])
            guard parent == predecessor else { throw .createAccountNotAllowed(account: id, predecessor: predecessor) }
        }
        state.setAccount(id, AccountRecord(amount: 0))
    }

    private func refundDeposits(_ tx: Transaction, state: inout StateOverlay) {
        var deposits: UInt128 = 0
        for action in tx.actions {
            if case .transfer(let d) = action { deposits &+= d }
            if case .functionCall(let call) = action { deposits &+= call.deposit }
        }
        guard deposits > 0, var signer = state.account(tx.signerId) else { return }
        signer.amount &+= deposits
        state.setAccount(tx.signerId, signer)
    }
}
