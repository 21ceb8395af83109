import NearLightClient

extension Runtime {
    /// Runs a receipt a contract created: its transfers arrive at the receiver; if the receiver
    /// does not exist the receipt fails and its deposit goes back to the contract that sent it
    /// (NEAR does so with a refund receipt). Its execution fees were prepaid by the call that
    /// created it and are burnt here, success or not.
    func runPromise(_ promise: NearPromise, id: CryptoHash, predecessor: String, state: inout StateOverlay) -> PromiseReceipt {
        state.beginReceipt()
        let deposit = promise.deposit
        let status: ExecutionStatus
        if var receiver = state.account(promise.receiverId) {
            receiver.amount &+= deposit
            state.setAccount(promise.receiverId, receiver)
            status = .successValue([])
        } else {
            if deposit > 0, var sender = state.account(predecessor) {
                sender.amount &+= deposit
                state.setAccount(predecessor, sender)
            }
            status = ActionErrorKind.accountDoesNotExist(promise.receiverId).failure(index: 0)
        }
        let outcome = ExecutionOutcome(
            logs: [], receiptIds: [], gasBurnt: promise.prepaidGas, tokensBurnt: UInt128(promise.prepaidGas) &* gasPrice,
            executorId: promise.receiverId, status: status)
        return PromiseReceipt(
            predecessorId: predecessor, receiverId: promise.receiverId,
            actions: promise.actions.map { action -> Action in
                switch action {
                case .transfer(let amount): .transfer(deposit: amount)
                }
            },
            outcome: ExecutionOutcomeWithId(id: id, outcome: outcome))
    }
}
