import NearLightClient

/// Validates transactions against state and runs their actions (nearcore's `verify_and_charge`
/// and `apply_action_receipt`, for one shard and the actions the devnet supports), then the
/// receipts the contracts created.
///
/// Value type: the chain owns one and calls it with the block's `StateOverlay`.
public struct Runtime: Sendable {
    public var fees: FeeSchedule
    public var gasPrice: UInt128
    public var contracts: any ContractRuntime

    public init(fees: FeeSchedule = FeeSchedule(), gasPrice: UInt128, contracts: any ContractRuntime) {
        self.fees = fees
        self.gasPrice = gasPrice
        self.contracts = contracts
    }

    /// What the signer is charged up front: both sides' gas and the function calls' prepaid
    /// gas at the gas price, plus deposits. Unused prepaid gas is refunded after the receipt.
    public func cost(of tx: Transaction) -> UInt128 {
        var deposits: UInt128 = 0
        for action in tx.actions {
            switch action {
            case .transfer(let d): deposits &+= d
            case .functionCall(let call): deposits &+= call.deposit
            default: break
            }
        }
        let gas = UInt128(fees.gas(of: tx.actions)) &* 2 &+ UInt128(Self.prepaidGas(tx))
        return gas &* gasPrice &+ deposits
    }

    /// Gas attached to the transaction's function calls.
    static func prepaidGas(_ tx: Transaction) -> UInt64 {
        tx.actions.reduce(0) { sum, action in
            if case .functionCall(let call) = action { return sum &+ call.gas }
            return sum
        }
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
        let charge = cost(of: tx)
        guard account.amount >= charge else { throw .notEnoughBalance(signer: tx.signerId, balance: account.amount, cost: charge) }
        return charge
    }

    /// Validates `tx` against `state`, charges the signer, bumps the key's nonce, runs the
    /// receipt on the receiver, refunds the prepaid gas it did not use, and runs the receipts
    /// its contract calls created. A failing action undoes the receipt's writes and refunds
    /// the deposits; the gas stays burnt, as on NEAR.
    func apply(_ tx: Transaction, hash: CryptoHash, state: inout StateOverlay, block: BlockContext) throws(InvalidTxError) -> TxExecution {
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
        let receiptId = block.receiptId(parent: hash, index: 0)
        let txOutcome = ExecutionOutcome(
            logs: [], receiptIds: [receiptId], gasBurnt: gas, tokensBurnt: UInt128(gas) &* gasPrice, executorId: tx.signerId,
            status: .successReceiptId(receiptId))

        state.beginReceipt()
        let run = runReceipt(tx, state: &state, block: block)
        var tokensBurnt = UInt128(gas &+ run.contractGasBurnt) &* gasPrice
        let refund = UInt128(Self.prepaidGas(tx) &- run.contractGasUsed) &* gasPrice
        if refund > 0 {
            if var payer = state.account(tx.signerId) {
                payer.amount &+= refund
                state.setAccount(tx.signerId, payer)
            } else {
                // The signer deleted itself in this receipt: nobody is left to refund, and the
                // tokens must not vanish from the supply, so they count as burnt.
                tokensBurnt &+= refund
            }
        }

        let childIds = run.promises.indices.map { block.receiptId(parent: receiptId, index: UInt64($0)) }
        let status: ExecutionStatus
        switch run.end {
        case .returned(.value(let value)): status = .successValue(value)
        case .returned(.promise(let index)): status = .successReceiptId(childIds[index])
        case .failed(let failure): status = failure
        }
        let receiptOutcome = ExecutionOutcome(
            logs: run.logs, receiptIds: childIds, gasBurnt: gas &+ run.contractGasBurnt, tokensBurnt: tokensBurnt,
            executorId: tx.receiverId, status: status)
        var promiseReceipts: [PromiseReceipt] = []
        for (id, promise) in zip(childIds, run.promises) {
            promiseReceipts.append(runPromise(promise, id: id, predecessor: tx.receiverId, state: &state))
        }
        return TxExecution(
            transactionOutcome: ExecutionOutcomeWithId(id: hash, outcome: txOutcome),
            receiptOutcome: ExecutionOutcomeWithId(id: receiptId, outcome: receiptOutcome),
            promiseReceipts: promiseReceipts)
    }
}
