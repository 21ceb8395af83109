/// What `register_model` records: the model (its modelH, the X25519 key of its sealed weights,
/// optionally the compose it must run in), Charlie's prices per 1,000 tokens, and who is paid
/// the model's share (default: the registering owner).
///
/// A value rather than a long argument list: Swift 6.3.1 (debug builds, Linux x86-64) corrupts
/// an async call whose `UInt128` arguments come after enough other arguments to be passed on the
/// stack (the task crashes when it resumes: a jump to address 0, or "freed pointer was not the
/// last allocation"); generic async functions returning values with `UInt128` fields crash the
/// same way. So the two prices travel inside this struct.
public struct MarketModelRegistration: Hashable, Sendable {
    public var modelID: String
    public var modelPublicKey: String
    public var modelHash: String
    public var composeHash: String?
    public var pricePromptPer1k: UInt128
    public var priceCompletionPer1k: UInt128
    public var beneficiary: String?

    public init(
        modelID: String, modelPublicKey: String, modelHash: String, composeHash: String? = nil,
        pricePromptPer1k: UInt128, priceCompletionPer1k: UInt128, beneficiary: String? = nil
    ) {
        self.modelID = modelID
        self.modelPublicKey = modelPublicKey
        self.modelHash = modelHash
        self.composeHash = composeHash
        self.pricePromptPer1k = pricePromptPer1k
        self.priceCompletionPer1k = priceCompletionPer1k
        self.beneficiary = beneficiary
    }
}
