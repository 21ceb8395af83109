import NearLightClient

extension Runtime {
    /// Runs the transaction's actions on its receiver, in order, as one receipt: the first
    /// failure undoes all of them (storage writes included), refunds the deposits to the signer
    /// and drops the promises; gas the contracts burnt stays burnt.
    func runReceipt(_ tx: Transaction, state: inout StateOverlay, block: BlockContext) -> ReceiptRun {
        let receiver = tx.receiverId
        let predecessor = tx.signerId
        var run = ReceiptRun(end: .returned(.value([])), logs: [], contractGasBurnt: 0, contractGasUsed: 0, promises: [])
        var createdHere = false
        for (index, action) in tx.actions.enumerated() {
            do throws(ActionErrorKind) {
                if case .createAccount = action {
                    try createAccount(receiver, predecessor: predecessor, state: &state)
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
                run.end = .returned(.value([]))
                switch action {
                case .createAccount: break
                case .transfer(let deposit):
                    account.amount &+= deposit
                    state.setAccount(receiver, account)
                case .deployContract(let code):
                    account.storageUsage = account.storageUsage &- UInt64(state.code(receiver)?.count ?? 0) &+ UInt64(code.count)
                    account.codeHash = CryptoHash.hash(code)
                    state.setAccount(receiver, account)
                    state.setCode(receiver, code)
                case .functionCall(let call):
                    try functionCall(call, tx: tx, account: account, state: &state, block: block, run: &run)
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
                    accessKey.nonce = (block.height &- 1) &* 1_000_000
                    account.storageUsage &+= StorageUsage.accessKey(publicKey, accessKey)
                    state.setAccount(receiver, account)
                    state.setAccessKey(receiver, publicKey, accessKey)
                case .deleteKey(let publicKey):
                    guard let old = state.accessKey(receiver, publicKey) else {
                        throw .deleteKeyDoesNotExist(account: receiver, publicKey: publicKey)
                    }
                    account.storageUsage &-= StorageUsage.accessKey(publicKey, old)
                    state.setAccount(receiver, account)
                    state.setAccessKey(receiver, publicKey, nil)
                case .deleteAccount(let beneficiary):
                    if var heir = state.account(beneficiary), beneficiary != receiver {
                        heir.amount &+= account.amount
                        state.setAccount(beneficiary, heir)
                    }
                    for key in state.accessKeys(of: receiver) { state.setAccessKey(receiver, key, nil) }
                    for key in state.dataKeys(of: receiver) { state.setData(receiver, key, nil) }
                    state.setAccount(receiver, nil)
                }
            } catch {
                state.rollbackReceipt()
                refundDeposits(tx, state: &state)
                run.end = .failed(error.failure(index: index))
                run.contractGasUsed = run.contractGasBurnt
                run.promises = []
                return run
            }
        }
        return run
    }

    /// Credits the deposit, runs the contract on the storage as this block left it, and applies
    /// what a successful call did: its storage writes and usage, and the deposits of its
    /// promises, which leave the contract's balance now and arrive when their receipts run.
    private func functionCall(
        _ call: FunctionCallAction, tx: Transaction, account: AccountRecord, state: inout StateOverlay,
        block: BlockContext, run: inout ReceiptRun
    ) throws(ActionErrorKind) {
        let receiver = tx.receiverId
        var account = account
        account.amount &+= call.deposit
        state.setAccount(receiver, account)
        guard let code = state.code(receiver), account.codeHash != .zero else {
            throw .functionCallError(.object(["CompilationError": .object([
                "CodeDoesNotExist": .object(["account_id": .string(receiver)])])]))
        }
        let result = contracts.call(ContractCall(
            contractId: receiver, code: code, codeHash: account.codeHash, predecessorId: tx.signerId, signerId: tx.signerId,
            signerPublicKey: tx.publicKey.borshBytes, methodName: call.methodName, args: call.args, gas: call.gas,
            deposit: call.deposit, isView: false, storage: state.storage(of: receiver), accountBalance: account.amount,
            lockedBalance: account.locked, storageUsage: account.storageUsage, blockHeight: block.height,
            blockTimestamp: block.timestamp, epochHeight: block.epochHeight, randomSeed: block.randomSeed))
        run.logs += result.logs
        run.contractGasBurnt &+= result.gasBurnt
        run.contractGasUsed &+= result.gasUsed
        switch result.result {
        case .success(let returned):
            for (key, value) in result.storageWrites { state.setData(receiver, key, value) }
            account.storageUsage = result.storageUsage
            account.amount -= result.promises.reduce(0) { $0 &+ $1.deposit }
            state.setAccount(receiver, account)
            switch returned {
            case .value(let bytes): run.end = .returned(.value(bytes))
            case .promise(let index): run.end = .returned(.promise(run.promises.count + index))
            }
            run.promises += result.promises
        case .failure(let failure):
            throw .functionCallError(failure.json)
        }
    }

    private func createAccount(_ id: String, predecessor: String, state: inout StateOverlay) throws(ActionErrorKind) {
        guard state.account(id) == nil else { throw .accountAlreadyExists(id) }
        // A sub-account (`a.b`) may only be created by its parent (`b`); top-level names are
        // open on the devnet (NEAR reserves short ones for its registrar).
        if let dot = id.firstIndex(of: ".") {
            let parent = String(id[id.index(after: dot)...])
            guard parent == predecessor else { throw .createAccountNotAllowed(account: id, predecessor: predecessor) }
        }
        state.setAccount(id, AccountRecord(amount: 0, storageUsage: StorageUsage.account))
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
