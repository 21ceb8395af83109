import Payments

/// What makes a node a paid one (paper §6): the model market it takes channels from, the chain
/// that market lives on and the market's id of the model it serves. It is part of the node's
/// `app-compose.json` (``AppCompose/payments``), so it is measured into the compose hash: a host
/// cannot point an attested node at a market contract of his own, which could report channels
/// that were never funded.
public struct PaidDeployment: Sendable, Codable, Equatable {
    /// The `model_market` contract's NEAR account id.
    public var contractID: String
    /// The chain id the contract was initialized with (`get_config().chain_id`).
    public var chainID: String
    /// The model's id in the market (`register_model`'s `model_id`); channels for any other model
    /// are refused.
    public var modelID: String
    /// The `ledger_counters` contract whose counters the channel ledgers are bound to (§6.1), for a
    /// TEE without a hardware counter; nil: the TEE's own (simulated) counters. Measured like the
    /// rest, so a host cannot swap in a contract of his own that would let a counter go back.
    public var counterContract: String?

    public init(contractID: String, chainID: String, modelID: String, counterContract: String? = nil) {
        self.contractID = contractID
        self.chainID = chainID
        self.modelID = modelID
        self.counterContract = counterContract
    }

    /// The domain every voucher and closure approval of this node names.
    public func domain() throws(PaymentFormatError) -> ChannelDomain {
        try ChannelDomain(contract: contractID, chain: chainID)
    }

    enum CodingKeys: String, CodingKey {
        case contractID = "contract_id", chainID = "chain_id", modelID = "model_id", counterContract = "counter_contract"
    }
}
