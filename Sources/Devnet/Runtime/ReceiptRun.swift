import NearLightClient

/// What running a transaction's receipt on its receiver produced, before the chain turns it
/// into an outcome: how it ended, the contracts' logs and gas, and the promises to run next.
struct ReceiptRun {
    enum End {
        /// The last action's result (a function call's value or promise; empty otherwise).
        case returned(ContractReturn)
        /// NEAR's `{"ActionError": …}` status.
        case failed(ExecutionStatus)
    }

    var end: End
    var logs: [String]
    /// Gas the contract calls burnt (the actions' own fees are the fee schedule's).
    var contractGasBurnt: UInt64
    /// Burnt plus prepaid for the promises' execution; equal to burnt when the receipt failed.
    var contractGasUsed: UInt64
    /// Empty when the receipt failed: NEAR drops the receipts a failed receipt created.
    var promises: [NearPromise]
}
